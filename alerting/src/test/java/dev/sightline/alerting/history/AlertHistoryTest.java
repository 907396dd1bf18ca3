package dev.sightline.alerting.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.alerting.RuleManager;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.model.Labels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state change of the rules, kept on disk and searched through the API, on a clock the test moves. */
class AlertHistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIN = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels API = Labels.of("__name__", "errors", "job", "api");
    private static final Labels WEB = Labels.of("__name__", "errors", "job", "web");

    @TempDir
    Path dir;

    private final InMemorySeriesSource source = new InMemorySeriesSource();
    private final AtomicLong clock = new AtomicLong(T0);
    private RuleManager manager;
    private AlertHistory history;

    @BeforeEach
    void rules() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: g
                    interval: 1m
                    rules:
                      - alert: HighErrors
                        expr: errors > 5
                        for: 2m
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.job }} has {{ $value }} errors"
                """);
        history = new AlertHistory(dir.resolve("data/history"), 30L * 24 * 60 * MIN, clock::get);
        manager = new RuleManager(dir, MIN, source, clock::get, "http://sightline",
                (expr, labels, mint, maxt) -> List.of("4bf92f3577b34da6a3ce929d0e0e4736"))
                .listener(history);
        manager.reload();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private void step(Labels series, double value) {
        source.add(series, clock.get(), value);
        manager.evaluateDue();
        clock.addAndGet(MIN);
    }

    private JsonNode get(String... params) throws Exception {
        java.util.Map<String, List<String>> p = new java.util.LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.computeIfAbsent(params[i], k -> new java.util.ArrayList<>()).add(params[i + 1]);
        }
        ApiResponse r = new AlertHistoryApi(history, clock::get, "http://sightline")
                .history(new ApiRequest("GET", "/api/alerts/history", p, Map.of(), new byte[0]));
        JsonNode n = JSON.readTree(r.body());
        n = ((com.fasterxml.jackson.databind.node.ObjectNode) n).put("httpStatus", r.status());
        return n;
    }

    private static List<String> states(JsonNode answer) {
        return answer.at("/data/entries").findValuesAsText("state");
    }

    @Test
    void everyTransitionIsKeptWithLabelsAnnotationsValueAndEvidence() throws Exception {
        step(API, 10);          // T0: pending
        step(API, 11);
        step(API, 12);          // T0+2m: firing
        step(API, 0);           // T0+3m: resolved
        step(WEB, 10);          // T0+4m: web pending
        step(WEB, 0);           // T0+5m: web inactive (cleared before for)

        JsonNode all = get("start", Long.toString(T0 / 1000), "end", Long.toString((T0 + 10 * MIN) / 1000));
        assertThat(all.get("httpStatus").asInt()).isEqualTo(200);
        assertThat(states(all)).as("newest first").containsExactly("inactive", "pending", "resolved", "firing",
                "pending");
        JsonNode firing = all.at("/data/entries/3");
        assertThat(firing.get("time").asText()).isEqualTo(java.time.Instant.ofEpochMilli(T0 + 2 * MIN).toString());
        assertThat(firing.get("alertname").asText()).isEqualTo("HighErrors");
        assertThat(firing.get("group").asText()).isEqualTo("g");
        assertThat(JSON.convertValue(firing.get("labels"), Map.class))
                .isEqualTo(Map.of("alertname", "HighErrors", "job", "api", "severity", "page"));
        assertThat(firing.at("/annotations/summary").asText()).isEqualTo("api has 12 errors");
        assertThat(firing.get("value").asDouble()).isEqualTo(12);
        assertThat(firing.get("activeAt").asText()).isEqualTo(java.time.Instant.ofEpochMilli(T0).toString());
        assertThat(firing.at("/traceIds/0").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(firing.at("/traceUrls/0").asText())
                .isEqualTo("http://sightline/trace/4bf92f3577b34da6a3ce929d0e0e4736");

        assertThat(states(get("start", "0", "state", "firing,resolved"))).containsExactly("resolved", "firing");
        assertThat(states(get("start", "0", "match[]", "{job=\"web\"}"))).containsExactly("inactive", "pending");
        assertThat(states(get("start", "0", "match[]", "{job=~\"a.*\", severity=\"page\"}", "state", "pending")))
                .containsExactly("pending");
        assertThat(states(get("start", "0", "alertname", "Other"))).isEmpty();
        assertThat(states(get("start", "0", "limit", "2"))).containsExactly("inactive", "pending");
        assertThat(states(get("start", Long.toString((T0 + 3 * MIN) / 1000), "end",
                java.time.Instant.ofEpochMilli(T0 + 4 * MIN).toString()))).containsExactly("pending", "resolved");
    }

    @Test
    void historySurvivesARestartAndATornTail() throws Exception {
        step(API, 10);
        step(API, 11);
        step(API, 12);
        Path f = dir.resolve("data/history").resolve(AlertHistory.day(T0) + ".log");
        Files.writeString(f, "0badc0de {\"time\":1", StandardOpenOption.APPEND);
        history = new AlertHistory(dir.resolve("data/history"), 30L * 24 * 60 * MIN, clock::get);
        manager.listener(history);
        assertThat(states(get("start", "0"))).containsExactly("firing", "pending");
        step(API, 0);
        assertThat(states(get("start", "0"))).containsExactly("resolved", "firing", "pending");
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).doesNotContain("0badc0de");
        assertThat(history.corruptLines()).isZero();
    }

    @Test
    void aLineWithABadChecksumIsSkippedAndCounted() throws Exception {
        step(API, 10);
        step(API, 11);
        step(API, 12);
        Path f = dir.resolve("data/history").resolve(AlertHistory.day(T0) + ".log");
        String text = Files.readString(f);
        Files.writeString(f, text.replace("\"state\":\"pending\"", "\"state\":\"firing\""));
        assertThat(states(get("start", "0"))).containsExactly("firing");
        assertThat(history.corruptLines()).isEqualTo(1);
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        assertThat(get("limit", "0").get("error").asText()).isEqualTo("limit must be in 1..10000, got \"0\"");
        assertThat(get("state", "burning").get("error").asText())
                .isEqualTo("state must be one of [pending, firing, resolved, inactive], got \"burning\"");
        assertThat(get("start", "yesterday").get("error").asText()).startsWith("start must be RFC 3339");
        assertThat(get("match[]", "{job}").get("error").asText()).startsWith("match[] \"{job}\" does not parse");
        assertThat(get("limit", "0").get("httpStatus").asInt()).isEqualTo(400);
    }

    @Test
    void daysOlderThanTheRetentionAreDeleted() throws Exception {
        step(API, 10);
        Path old = dir.resolve("data/history").resolve(AlertHistory.day(T0) + ".log");
        assertThat(old).exists();
        clock.addAndGet(31L * 24 * 60 * MIN);
        step(API, 0);
        step(API, 10);
        assertThat(old).doesNotExist();
    }
}
