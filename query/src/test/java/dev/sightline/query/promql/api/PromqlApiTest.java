package dev.sightline.query.promql.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PromqlApiTest {
    private PromqlApi api;

    @BeforeEach
    void setUp() {
        InMemorySeriesSource source = new InMemorySeriesSource();
        for (int i = 0; i <= 10; i++) {
            source.add(Labels.of("__name__", "up", "job", "a"), i * 15_000L, 1);
            source.add(Labels.of("__name__", "req_total", "job", "a"), i * 15_000L, i * 15.0);
        }
        api = new PromqlApi(source, QueryLimits.DEFAULT, () -> 150_000L);
    }

    private static ApiRequest get(String path, String... params) {
        Map<String, List<String>> p = new HashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], List.of(params[i + 1]));
        }
        return new ApiRequest("GET", path, p, Map.of(), new byte[0]);
    }

    private static String body(ApiResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void instantVector() throws Exception {
        ApiResponse r = api.query(get("/api/v1/query", "query", "up", "time", "150"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                + "[{\"metric\":{\"__name__\":\"up\",\"job\":\"a\"},\"value\":[150,\"1\"]}]}}");
    }

    @Test
    void scalarWithDefaultTimeAndSpecialValues() throws Exception {
        ApiResponse r = api.query(get("/api/v1/query", "query", "1/0"));
        assertThat(body(r)).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[150,\"+Inf\"]}}");
        r = api.query(get("/api/v1/query", "query", "\"hi\"", "time", "2026-01-01T00:00:00.5Z"));
        assertThat(body(r)).isEqualTo(
                "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1767225600.500,\"hi\"]}}");
    }

    @Test
    void rangeQueryMatrix() throws Exception {
        ApiResponse r = api.queryRange(get("/api/v1/query_range", "query", "req_total / 15", "start", "60",
                "end", "90", "step", "15s"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(body(r)).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                + "[{\"metric\":{\"job\":\"a\"},\"values\":[[60,\"4\"],[75,\"5\"],[90,\"6\"]]}]}}");
    }

    @Test
    void errorsCarryPrometheusTypesAndCodes() throws Exception {
        ApiResponse r = api.query(get("/api/v1/query", "query", "sum(up"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(body(r)).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid "
                + "parameter \\\"query\\\": 1:7: parse error:");
        r = api.query(get("/api/v1/query", "query", "up", "time", "yesterday"));
        assertThat(r.status()).isEqualTo(400);
        r = api.queryRange(get("/api/v1/query_range", "query", "up", "start", "10", "end", "0", "step", "1"));
        assertThat(body(r)).contains("end timestamp must not be before start time");
        r = api.query(get("/api/v1/query", "query", "up + on() {__name__=~\".+\"}", "time", "150"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(body(r)).contains("\"errorType\":\"execution\"");
    }

    @Test
    void tooManySamplesIsAnExecutionError() throws Exception {
        InMemorySeriesSource source = new InMemorySeriesSource();
        for (int i = 0; i < 100; i++) {
            source.add(Labels.of("__name__", "x"), i * 1000L, i);
        }
        PromqlApi small = new PromqlApi(source, QueryLimits.DEFAULT.withMaxSamples(10), () -> 100_000L);
        ApiResponse r = small.query(get("/api/v1/query", "query", "sum_over_time(x[100s])"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(body(r)).contains("query processing would load too many samples into memory");
    }

    @Test
    void formatQuery() throws Exception {
        ApiResponse r = api.formatQuery(get("/api/v1/format_query", "query",
                "sum by(job)(rate(foo{a=\"b\"}[5m] offset 1h30m))  /  on (job) group_left bar"));
        assertThat(body(r)).isEqualTo("{\"status\":\"success\",\"data\":\"sum by (job) (rate(foo{a=\\\"b\\\"}[5m] "
                + "offset 1h30m)) / on (job) group_left () bar\"}");
    }
}
