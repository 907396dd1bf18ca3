package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.query.promql.parser.Parser;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.SeriesExemplars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceTest {
    @TempDir
    Path dir;

    private static Exemplar ex(long ts, String trace) {
        return new Exemplar(ts, 1, dev.sightline.storage.model.Labels.EMPTY, trace, "");
    }

    @Test
    void picksRecentDistinctTraceIdsOfMatchingSeries() {
        List<SeriesExemplars> found = List.of(
                new SeriesExemplars(dev.sightline.storage.model.Labels.of("__name__", "calls", "service", "checkout",
                        "status", "error"), List.of(ex(1, "aa"), ex(5, "bb"), ex(6, "cc"), ex(7, ""))),
                new SeriesExemplars(dev.sightline.storage.model.Labels.of("__name__", "calls", "service", "cart"),
                        List.of(ex(9, "zz"))),
                new SeriesExemplars(dev.sightline.storage.model.Labels.of("__name__", "calls", "service", "checkout"),
                        List.of(ex(8, "bb"), ex(2, "dd"))));
        assertThat(ExemplarEvidence.pick(found, Labels.of("service", "checkout"), 3))
                .containsExactly("bb", "cc", "dd");
        assertThat(ExemplarEvidence.pick(found, Labels.EMPTY, 2)).containsExactly("zz", "bb");
    }

    @Test
    void findsEverySelectorOfTheExpression() {
        assertThat(ExemplarEvidence.selectors(Parser.parse(
                "sum by (s) (rate(a{x=\"1\"}[5m])) / on(s) group_left max(b) > bool scalar(c) + -(max_over_time(d[1h:1m]))"),
                new ArrayList<>())).extracting(s -> s.name()).containsExactly("a", "b", "c", "d");
    }

    @Test
    void alertsCarryEvidenceAnnotations() throws Exception {
        Files.writeString(dir.resolve("r.yml"),
                "groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: sum by (service) (errors) > 0\n");
        InMemorySeriesSource source = new InMemorySeriesSource();
        source.add(Labels.of("__name__", "errors", "service", "checkout", "pod", "p1"), 1000, 3);
        List<Labels> asked = new ArrayList<>();
        Evidence evidence = (expr, labels, mint, maxt) -> {
            asked.add(labels);
            assertThat(maxt - mint).isEqualTo(AlertingRule.EVIDENCE_WINDOW_MS);
            return List.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7");
        };
        try (RuleManager m = new RuleManager(dir, 60_000, source, () -> 2000, "http://s", evidence)) {
            m.reload();
            m.evaluateDue();
            Alert a = m.activeAlerts().getFirst();
            assertThat(asked).containsExactly(Labels.of("service", "checkout"));
            assertThat(a.annotations()).containsEntry("evidence_trace_ids",
                    "4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7");
            assertThat(a.annotations()).containsEntry("evidence_url", "http://s/trace/4bf92f3577b34da6a3ce929d0e0e4736");
        }
        try (RuleManager m = new RuleManager(dir, 60_000, source, () -> 2000, "http://s", (e, l, a, b) -> {
            throw new IllegalStateException("store closed");
        })) {
            m.reload();
            m.evaluateDue();
            assertThat(m.activeAlerts().getFirst().annotations()).doesNotContainKey("evidence_trace_ids");
        }
    }
}
