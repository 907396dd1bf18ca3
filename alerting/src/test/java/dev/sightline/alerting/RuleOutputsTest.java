package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SampleIterator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recording rules' results and ALERTS / ALERTS_FOR_STATE written back to the series source, with staleness
 * markers, read again through PromQL; the clock is the test's.
 */
class RuleOutputsTest {
    private static final long MIN = 60_000;
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels API = Labels.of("__name__", "errors", "job", "api");

    @TempDir
    Path dir;

    private final InMemorySeriesSource source = new InMemorySeriesSource();
    private final AtomicLong clock = new AtomicLong(T0);
    private final List<SeriesWriter.Output> written = new ArrayList<>();
    private RuleManager manager;

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
    }

    private void rules(String yaml) throws Exception {
        Files.writeString(dir.resolve("rules.yml"), yaml);
        if (manager == null) {
            manager = new RuleManager(dir, MIN, source, clock::get, "http://sightline")
                    .writeTo((samples, ts) -> {
                        for (SeriesWriter.Output o : samples) {
                            written.add(o);
                            source.add(o.labels(), ts, o.stale() ? SampleIterator.staleNaN() : o.value());
                        }
                    });
        }
        manager.reload();
    }

    private Map<String, Double> query(String q) {
        Map<String, Double> out = new TreeMap<>();
        for (Sample s : ((Vector) new Engine(source, QueryLimits.DEFAULT).instant(
                dev.sightline.query.promql.parser.Parser.parse(q), clock.get()).value()).samples()) {
            out.put(s.labels().toString(), s.value());
        }
        return out;
    }

    private void step(double errors) {
        source.add(API, clock.get(), errors);
        manager.evaluateDue();
    }

    @Test
    void recordingRulesWriteTheirResultUnderTheRecordNameWithTheirLabelsAndLaterRulesReadIt() throws Exception {
        rules("""
                groups:
                  - name: g
                    interval: 1m
                    rules:
                      - record: job:errors:double
                        expr: errors * 2
                        labels:
                          team: core
                      - record: job:errors:quadruple
                        expr: job:errors:double * 2
                """);
        step(3);
        assertThat(query("job:errors:double")).containsExactly(
                Map.entry("{__name__=\"job:errors:double\", job=\"api\", team=\"core\"}", 6.0));
        assertThat(query("job:errors:quadruple")).containsExactly(
                Map.entry("{__name__=\"job:errors:quadruple\", job=\"api\", team=\"core\"}", 12.0));
    }

    @Test
    void aRecordedSeriesThatLeavesTheResultAndARemovedRuleGoStale() throws Exception {
        String file = """
                groups:
                  - name: g
                    interval: 1m
                    rules:
                      - record: big_errors
                        expr: errors > 5
                %s
                """;
        rules(file.formatted("""
                      - record: all_errors
                        expr: errors
                """));
        step(10);
        assertThat(query("big_errors")).hasSize(1);
        clock.addAndGet(MIN);
        step(1);
        assertThat(query("big_errors")).as("stale at once, not after the 5m lookback").isEmpty();
        assertThat(query("all_errors")).hasSize(1);
        rules(file.formatted(""));
        assertThat(query("all_errors")).as("the removed rule's series is stale").isEmpty();
    }

    @Test
    void alertsAndAlertsForStateFollowTheStateMachine() throws Exception {
        rules("""
                groups:
                  - name: g
                    interval: 1m
                    rules:
                      - alert: HighErrors
                        expr: errors > 5
                        for: 2m
                        labels:
                          severity: page
                """);
        step(10);
        String pending = "{__name__=\"ALERTS\", alertname=\"HighErrors\", alertstate=\"pending\", job=\"api\", "
                + "severity=\"page\"}";
        String firing = pending.replace("pending", "firing");
        String forState = "{__name__=\"ALERTS_FOR_STATE\", alertname=\"HighErrors\", job=\"api\", severity=\"page\"}";
        assertThat(query("ALERTS")).containsExactly(Map.entry(pending, 1.0));
        assertThat(query("ALERTS_FOR_STATE")).containsExactly(Map.entry(forState, (double) (T0 / 1000)));
        clock.addAndGet(2 * MIN);
        step(10);
        assertThat(query("ALERTS")).as("pending went stale as firing began").containsExactly(Map.entry(firing, 1.0));
        assertThat(query("ALERTS_FOR_STATE")).containsExactly(Map.entry(forState, (double) (T0 / 1000)));
        clock.addAndGet(MIN);
        step(1);
        assertThat(query("ALERTS")).as("resolved: stale").isEmpty();
        assertThat(query("ALERTS_FOR_STATE")).isEmpty();
        assertThat(written).filteredOn(SeriesWriter.Output::stale).extracting(o -> o.labels().get("__name__"))
                .containsExactlyInAnyOrder("ALERTS", "ALERTS", "ALERTS_FOR_STATE");
    }

    @Test
    void aRecordingRuleWhoseResultCollidesAfterItsLabelsIsAnError() throws Exception {
        source.add(Labels.of("__name__", "errors", "job", "web"), T0, 1);
        rules("""
                groups:
                  - name: g
                    rules:
                      - record: flat
                        expr: errors
                        labels:
                          job: all
                """);
        step(1);
        RecordingRule r = (RecordingRule) manager.groups().getFirst().rules().getFirst();
        assertThat(r.health().health()).isEqualTo("err");
        assertThat(r.health().lastError()).contains("same labelset");
    }
}
