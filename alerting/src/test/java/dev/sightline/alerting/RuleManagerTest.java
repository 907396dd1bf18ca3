package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alert state machine driven by a controllable clock, one evaluation per minute. */
class RuleManagerTest {
    private static final long MIN = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels API = Labels.of("__name__", "errors", "job", "api");
    private static final Labels WEB = Labels.of("__name__", "errors", "job", "web");

    @TempDir
    Path dir;

    private final InMemorySeriesSource source = new InMemorySeriesSource();
    private final AtomicLong clock = new AtomicLong(T0);
    private RuleManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private AlertingRule rules(String forAndKeep) throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: g
                    interval: 1m
                    rules:
                      - alert: HighErrors
                        expr: errors > 5
                %s
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.job }} has {{ $value }} errors"
                """.formatted(forAndKeep));
        manager = new RuleManager(dir, MIN, source, clock::get, "http://sightline");
        manager.reload();
        return (AlertingRule) manager.groups().getFirst().rules().getFirst();
    }

    /** Writes the value of errors{job="api"} for this minute and evaluates. */
    private void step(Labels series, double value) {
        source.add(series, clock.get(), value);
        manager.evaluateDue();
    }

    private void next() {
        clock.addAndGet(MIN);
    }

    private static Alert only(AlertingRule r) {
        assertThat(r.alerts()).hasSize(1);
        return r.alerts().getFirst();
    }

    @Test
    void inactivePendingFiringResolved() throws Exception {
        AlertingRule r = rules("        for: 2m");
        step(API, 1);
        assertThat(r.alerts()).isEmpty();
        assertThat(r.state()).isEqualTo(AlertState.INACTIVE);

        next();
        step(API, 10);
        Alert a = only(r);
        assertThat(a.state()).isEqualTo(AlertState.PENDING);
        assertThat(a.activeAt()).isEqualTo(T0 + MIN);
        assertThat(a.labels()).isEqualTo(Labels.of("alertname", "HighErrors", "job", "api", "severity", "page"));
        assertThat(a.annotations()).containsEntry("summary", "api has 10 errors");

        next();
        step(API, 11);
        assertThat(only(r).state()).isEqualTo(AlertState.PENDING);
        assertThat(only(r).annotations()).containsEntry("summary", "api has 11 errors");

        next();
        step(API, 12);
        assertThat(only(r).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(r).firedAt()).isEqualTo(T0 + 3 * MIN);
        assertThat(only(r).activeAt()).isEqualTo(T0 + MIN);
        assertThat(r.state()).isEqualTo(AlertState.FIRING);

        next();
        step(API, 0);
        assertThat(only(r).state()).isEqualTo(AlertState.INACTIVE);
        assertThat(only(r).resolvedAt()).isEqualTo(T0 + 4 * MIN);
        assertThat(manager.activeAlerts()).isEmpty();

        // resolved alerts are kept 15 minutes for resolved notifications, then forgotten
        for (int i = 0; i < 15; i++) {
            next();
            step(API, 0);
        }
        assertThat(r.alerts()).hasSize(1);
        next();
        step(API, 0);
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void pendingThatGoesAwayIsDeletedNotResolved() throws Exception {
        AlertingRule r = rules("        for: 5m");
        step(API, 10);
        assertThat(only(r).state()).isEqualTo(AlertState.PENDING);
        next();
        step(API, 1);
        assertThat(r.alerts()).isEmpty();
        next();
        step(API, 10);
        assertThat(only(r).activeAt()).as("a new pending period starts").isEqualTo(T0 + 2 * MIN);
    }

    @Test
    void zeroForFiresAtOnce() throws Exception {
        AlertingRule r = rules("");
        step(API, 10);
        assertThat(only(r).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(r).firedAt()).isEqualTo(T0);
    }

    @Test
    void keepFiringForHoldsAFiringAlert() throws Exception {
        AlertingRule r = rules("        keep_firing_for: 2m");
        step(API, 10);
        assertThat(only(r).state()).isEqualTo(AlertState.FIRING);
        next();
        step(API, 0);
        assertThat(only(r).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(r).keepFiringSince()).isEqualTo(T0 + MIN);
        next();
        step(API, 0);
        assertThat(only(r).state()).isEqualTo(AlertState.FIRING);
        next();
        step(API, 0);
        assertThat(only(r).state()).as("2m after the series went away").isEqualTo(AlertState.INACTIVE);
        assertThat(only(r).resolvedAt()).isEqualTo(T0 + 3 * MIN);
    }

    @Test
    void keepFiringForResetsWhenTheSeriesComesBack() throws Exception {
        AlertingRule r = rules("        keep_firing_for: 2m");
        step(API, 10);
        next();
        step(API, 0);
        next();
        step(API, 10);
        assertThat(only(r).keepFiringSince()).isZero();
        next();
        step(API, 0);
        next();
        step(API, 0);
        assertThat(only(r).state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void oneAlertPerResultLabelSet() throws Exception {
        AlertingRule r = rules("");
        source.add(WEB, clock.get(), 20);
        step(API, 10);
        assertThat(r.alerts()).extracting(a -> a.labels().get("job")).containsExactly("api", "web");
        assertThat(manager.activeAlerts()).hasSize(2);
    }

    @Test
    void groupsEvaluateOnTheirInterval() throws Exception {
        AlertingRule r = rules("");
        step(API, 10);
        long first = r.health().lastEvaluation();
        clock.addAndGet(30_000);
        manager.evaluateDue();
        assertThat(r.health().lastEvaluation()).isEqualTo(first);
        clock.addAndGet(30_000);
        manager.evaluateDue();
        assertThat(r.health().lastEvaluation()).isEqualTo(T0 + MIN);
        assertThat(r.health().health()).isEqualTo("ok");
    }

    @Test
    void badReloadKeepsPreviousRulesAndTheirAlerts() throws Exception {
        AlertingRule r = rules("");
        step(API, 10);
        Files.writeString(dir.resolve("rules.yml"), "groups:\n  - name: g\n    rules:\n      - alert: X\n        expr: sum(\n");
        assertThatThrownBy(manager::reload).isInstanceOf(RuleLoadException.class);
        assertThat(manager.groups().getFirst().rules().getFirst()).isSameAs(r);
        assertThat(manager.lastLoadErrors()).singleElement().asString().contains("rules.yml:4");

        ApiResponse reload = new RulesApi(manager).reload(get("/-/reload"));
        assertThat(reload.status()).isEqualTo(500);
        assertThat(new String(reload.body())).contains("rule \"X\"");
    }

    @Test
    void goodReloadCarriesAlertsOfUnchangedRules() throws Exception {
        rules("");
        step(API, 10);
        manager.reload();
        AlertingRule reloaded = (AlertingRule) manager.groups().getFirst().rules().getFirst();
        assertThat(only(reloaded).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(reloaded).activeAt()).isEqualTo(T0);
    }

    @Test
    void rulesAndAlertsApiAnswerPrometheusJson() throws Exception {
        rules("        for: 1m");
        step(API, 10);
        ObjectMapper json = new ObjectMapper();
        RulesApi api = new RulesApi(manager);
        JsonNode alerts = json.readTree(api.alerts(get("/api/v1/alerts")).body());
        assertThat(alerts.get("status").asText()).isEqualTo("success");
        JsonNode alert = alerts.at("/data/alerts/0");
        assertThat(json.convertValue(alert.get("labels"), Map.class)).isEqualTo(
                Map.of("alertname", "HighErrors", "job", "api", "severity", "page"));
        assertThat(alert.at("/annotations/summary").asText()).isEqualTo("api has 10 errors");
        assertThat(alert.get("state").asText()).isEqualTo("pending");
        assertThat(alert.get("activeAt").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(alert.get("value").asText()).isEqualTo("1e+01");

        JsonNode rules = json.readTree(api.rules(get("/api/v1/rules")).body());
        JsonNode group = rules.at("/data/groups/0");
        assertThat(group.get("name").asText()).isEqualTo("g");
        assertThat(group.get("file").asText()).endsWith("rules.yml");
        assertThat(group.get("interval").asDouble()).isEqualTo(60);
        assertThat(group.get("lastEvaluation").asText()).isEqualTo("2023-11-14T22:13:20Z");
        JsonNode rule = group.at("/rules/0");
        assertThat(rule.get("state").asText()).isEqualTo("pending");
        assertThat(rule.get("name").asText()).isEqualTo("HighErrors");
        assertThat(rule.get("query").asText()).isEqualTo("errors > 5");
        assertThat(rule.get("duration").asDouble()).isEqualTo(60);
        assertThat(rule.get("keepFiringFor").asDouble()).isZero();
        assertThat(rule.at("/labels/severity").asText()).isEqualTo("page");
        assertThat(rule.at("/annotations/summary").asText()).isEqualTo("{{ $labels.job }} has {{ $value }} errors");
        assertThat(rule.get("alerts")).hasSize(1);
        assertThat(rule.get("health").asText()).isEqualTo("ok");
        assertThat(rule.has("lastError")).isFalse();
        assertThat(rule.get("type").asText()).isEqualTo("alerting");
        assertThat(json.readTree(api.rules(new ApiRequest("GET", "/api/v1/rules", Map.of("type", List.of("record")),
                Map.of(), new byte[0])).body()).at("/data/groups/0/rules")).isEmpty();
    }

    @Test
    void evaluationErrorsShowAsRuleHealth() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: g
                    rules:
                      - alert: Dup
                        expr: errors
                        labels:
                          job: same
                """);
        manager = new RuleManager(dir, MIN, source, clock::get, "");
        manager.reload();
        source.add(WEB, clock.get(), 1);
        step(API, 1);
        RuleHealth h = manager.groups().getFirst().rules().getFirst().health();
        assertThat(h.health()).isEqualTo("err");
        assertThat(h.lastError()).isEqualTo("vector contains metrics with the same labelset after applying alert labels");
    }

    private static ApiRequest get(String path) {
        return new ApiRequest("GET", path, Map.of(), Map.of(), new byte[0]);
    }
}
