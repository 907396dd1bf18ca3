package dev.sightline.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import dev.sightline.storage.prometheus.RemoteWriteBodies;
import dev.sightline.storage.prometheus.RemoteWriteBodies.Series;
import dev.sightline.storage.series.SeriesExemplars;
import dev.sightline.storage.write.Rejections;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote-write batch applied as sent: series found by label hash and bytes (sorted senders) or by their labels
 * (unsorted ones, empty values), the same series either way and after a reopen; rejections name the metric.
 */
class RemoteWriteApplyTest {
    private static final long T = System.currentTimeMillis() - 3_600_000L;

    @TempDir
    Path dir;

    private static RemoteWriteBatch batch(Series... series) throws Exception {
        return RemoteWriteBatch.decode(RemoteWriteBodies.snappy(RemoteWriteBodies.request(List.of(series))), 1 << 20);
    }

    private static MetricStore open(Path dir) throws Exception {
        return MetricStore.open(dir, new MetricsOptions(Duration.ofDays(15), Duration.ofMinutes(10), "auto"));
    }

    private static List<SeriesSamples> read(MetricStore store, String name) throws Exception {
        return store.read(List.of(Matcher.equal("__name__", name)), Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Test
    void sortedAndUnsortedSendersWriteOneSeriesAcrossReopens() throws Exception {
        Labels up = Labels.of("__name__", "up", "instance", "a:9100", "job", "node");
        try (MetricStore store = open(dir)) {
            assertThat(store.applyAndReport(1, Signal.METRICS, batch(
                    Series.of(T, 1, "__name__", "up", "instance", "a:9100", "job", "node"),
                    Series.of(T + 15_000, 2, "job", "node", "__name__", "up", "instance", "a:9100"),
                    Series.of(T + 30_000, 3, "__name__", "up", "env", "", "instance", "a:9100", "job", "node"))))
                    .isEqualTo(Rejections.NONE);
            store.commit(1);
        }
        try (MetricStore store = open(dir)) {
            store.applyAndReport(2, Signal.METRICS, batch(
                    Series.of(T + 45_000, 4, "__name__", "up", "instance", "a:9100", "job", "node")));
            List<SeriesSamples> out = read(store, "up");
            assertThat(out).singleElement().satisfies(s -> {
                assertThat(s.labels()).isEqualTo(up);
                assertThat(s.timestamps()).containsExactly(T, T + 15_000, T + 30_000, T + 45_000);
                assertThat(s.values()).containsExactly(1, 2, 3, 4);
            });
            assertThat(store.seriesCount()).isEqualTo(1);
        }
    }

    @Test
    void storeRejectionsNameTheMetricAndDuplicatesAreDropped() throws Exception {
        try (MetricStore store = open(dir)) {
            store.applyAndReport(1, Signal.METRICS, batch(Series.of(T, 1, "__name__", "q", "job", "a")));
            // Decoded against the store's known series: found by their bytes, labels parsed only for the message.
            RemoteWriteBatch known = RemoteWriteBatch.decode(RemoteWriteBodies.snappy(RemoteWriteBodies.request(List.of(
                    Series.of(T, 1, "__name__", "q", "job", "a"), // the same sample again: dropped silently
                    Series.of(T, 5, "__name__", "q", "job", "a"),
                    Series.of(T - 3_600_000, 5, "__name__", "q", "job", "a")))), 1 << 20, store.knownSeries());
            assertThat(known.hint(0)).as("found while decoding").isNotNull();
            Rejections r = store.applyAndReport(2, Signal.METRICS, known);
            assertThat(r.count()).isEqualTo(2);
            assertThat(r.message()).startsWith("rejected 2 data points: metric q: sample at " + T
                    + " ms has a different value").contains("older than the out-of-order window");
        }
    }

    @Test
    void exemplarsGoInWithTheSeriesLastSample() throws Exception {
        try (MetricStore store = open(dir)) {
            store.applyAndReport(1, Signal.METRICS, batch(Series.of(T, 1, "__name__", "h_bucket", "le", "1")
                    .withExemplar("trace_id", "0af7651916cd43dd8448eb211c80319c", "user", "u1")));
            List<SeriesExemplars> ex = store.exemplars(List.of(Matcher.equal("__name__", "h_bucket")),
                    Long.MIN_VALUE, Long.MAX_VALUE);
            assertThat(ex).singleElement().satisfies(s -> assertThat(s.exemplars()).singleElement()
                    .satisfies(e -> {
                        assertThat(e.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
                        assertThat(e.labels()).isEqualTo(Labels.of("user", "u1"));
                    }));
        }
    }
}
