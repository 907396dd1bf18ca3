package dev.sightline.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.query.prometheus.PrometheusApi;
import dev.sightline.query.promql.api.PromqlApi;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.Labels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/series} and PromQL select the same series for one selector, over one metric store, through the
 * routes the server serves: both compile regexes as Go's RE2 does. Before one regex compiler, the series API
 * refused {@code (?P<name>…)} and both read {@code [[:alpha:]]} as a set of five characters.
 */
class SelectorAgreementTest {
    private static final long T = 1_700_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private MetricStore store;
    private final Router router = new Router();

    @BeforeEach
    void load() throws Exception {
        store = MetricStore.open(dir, MetricsOptions.defaults());
        for (String job : List.of("api", "web1", "db_2", "Edge", "h:a")) {
            store.appendForTest(Labels.of("__name__", "up", "job", job), new long[] {T}, new double[] {1});
        }
        new PrometheusApi(store).register(router);
        new PromqlApi(store, QueryLimits.DEFAULT, () -> T).register(router);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void posixClassesSelectAsInPrometheus() throws Exception {
        assertThat(bothSelect("up{job=~\"[[:alpha:]]+\"}")).containsExactly("Edge", "api");
        assertThat(bothSelect("up{job!~\"[[:alpha:]]+[[:digit:]]\"}")).containsExactly("Edge", "api", "db_2", "h:a");
    }

    @Test
    void goNamedGroupsAreAccepted() throws Exception {
        assertThat(bothSelect("up{job=~\"(?P<kind>[a-z]+)[0-9]\"}")).containsExactly("web1");
        assertThat(bothSelect("up{job=~\"(?P<kind>[a-z]+)_(?P<n>[0-9])|E.*\"}")).containsExactly("Edge", "db_2");
    }

    @Test
    void anInvalidRegexIsBadDataNamingItAndAParseErrorInPromql() throws Exception {
        JsonNode series = call("/api/v1/series", "match[]", "up{job=~\"(\\\\1)\"}");
        assertThat(series.path("errorType").asText()).isEqualTo("bad_data");
        assertThat(series.path("error").asText()).contains("invalid regular expression \"(\\1)\" for label job");
        JsonNode query = call("/api/v1/query", "query", "up{job=~\"(\\\\1)\"}");
        assertThat(query.path("errorType").asText()).isEqualTo("bad_data");
        assertThat(query.path("error").asText()).contains("parse error").contains("(\\1)");
    }

    /** The jobs both endpoints select, after checking that they are the same. */
    private List<String> bothSelect(String selector) throws Exception {
        TreeSet<String> fromSeries = new TreeSet<>();
        JsonNode series = call("/api/v1/series", "match[]", selector);
        assertThat(series.path("status").asText()).as("%s: %s", selector, series).isEqualTo("success");
        series.path("data").forEach(s -> fromSeries.add(s.path("job").asText()));
        TreeSet<String> fromPromql = new TreeSet<>();
        JsonNode query = call("/api/v1/query", "query", selector);
        assertThat(query.path("status").asText()).as("%s: %s", selector, query).isEqualTo("success");
        query.path("data").path("result").forEach(s -> fromPromql.add(s.path("metric").path("job").asText()));
        assertThat(fromPromql).as("PromQL and /api/v1/series on %s", selector).isEqualTo(fromSeries);
        return List.copyOf(fromSeries);
    }

    private JsonNode call(String path, String param, String value) throws Exception {
        Router.Match m = router.match("GET", path);
        ApiRequest request = new ApiRequest("GET", path, Map.of(param, List.of(value)), Map.of(), new byte[0]);
        return JSON.readTree(m.handler().handle(request).body());
    }
}
