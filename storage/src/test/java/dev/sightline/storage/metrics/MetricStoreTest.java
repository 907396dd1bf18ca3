package dev.sightline.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store against a reference model (a TreeMap per series): in-order and out-of-order appends, exact
 * duplicates, conflicting values, samples too old for the window, NaN and stale markers, commits, reopening
 * (heads rebuilt from stored chunks), and retention.
 */
class MetricStoreTest {
    private static final long WINDOW = 600_000;
    /** Recent enough that a retention pass (15 days) keeps everything. */
    private static final long T0 = System.currentTimeMillis() - 7_200_000L;

    @TempDir
    Path dir;

    private static MetricsOptions options() {
        return new MetricsOptions(Duration.ofDays(15), Duration.ofMillis(WINDOW), "auto");
    }

    @Test
    void randomAppendsMatchAReferenceModel() throws Exception {
        long seed = ChunkTest.seed();
        Random r = new Random(seed);
        List<Labels> series = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            series.add(Labels.of("__name__", "m" + (i % 3), "job", "j" + (i % 2), "i", Integer.toString(i)));
        }
        Map<Labels, TreeMap<Long, Double>> model = new java.util.HashMap<>();
        Map<Labels, Long> maxT = new java.util.HashMap<>();
        List<Object[]> sinceCommit = new ArrayList<>();
        MetricStore store = MetricStore.open(dir, options());
        try {
            for (int step = 0; step < 12000; step++) {
                Labels l = series.get(r.nextInt(series.size()));
                TreeMap<Long, Double> ref = model.computeIfAbsent(l, k -> new TreeMap<>());
                long last = maxT.getOrDefault(l, T0);
                long t = switch (r.nextInt(10)) {
                    case 0 -> last - r.nextLong(1, 2 * WINDOW); // out of order, maybe too old
                    case 1 -> ref.isEmpty() ? last : ref.floorKey(last); // duplicate time
                    default -> last + 15_000 + r.nextInt(3) - 1;
                };
                double v = switch (r.nextInt(12)) {
                    case 0 -> Double.NaN;
                    case 1 -> Sample.STALE_NAN;
                    case 2 -> Double.POSITIVE_INFINITY;
                    case 3 -> ref.getOrDefault(t, 1.0);
                    default -> step + r.nextInt(10);
                };
                String why = store.appendForTest(l, new long[] {t}, new double[] {v}).getFirst();
                sinceCommit.add(new Object[] {l, t, v});
                Long newest = maxT.get(l);
                Double existing = ref.get(t);
                if (newest != null && t < newest - WINDOW) {
                    assertThat(why).as("seed %d step %d", seed, step).contains("older than the out-of-order window");
                } else if (existing != null) {
                    boolean same = Double.doubleToRawLongBits(existing) == Double.doubleToRawLongBits(v);
                    assertThat(why).as("seed %d step %d", seed, step).isEqualTo(same ? SampleSink.DUPLICATE
                            : "sample at " + t + " ms has a different value than the one already stored at that time");
                } else {
                    assertThat(why).as("seed %d step %d", seed, step).isNull();
                    ref.put(t, v);
                    maxT.merge(l, t, Math::max);
                }
                if (r.nextInt(200) == 0) {
                    store.commit(step);
                    sinceCommit.clear();
                }
                if (r.nextInt(1500) == 0) {
                    store.commit(step);
                    sinceCommit.clear();
                    store.close();
                    store = MetricStore.open(dir, options());
                }
                if (r.nextInt(700) == 0) {
                    // a crash: heads not checkpointed are lost; the WAL replays every record since the checkpoint
                    store.close();
                    store = MetricStore.open(dir, options());
                    for (Object[] rec : sinceCommit) {
                        store.appendForTest((Labels) rec[0], new long[] {(Long) rec[1]}, new double[] {(Double) rec[2]});
                    }
                    check(store, model, seed);
                }
                if (r.nextInt(300) == 0) {
                    check(store, model, seed);
                }
            }
            check(store, model, seed);
            store.commit(0);
            store.close();
            store = MetricStore.open(dir, options());
            check(store, model, seed);
        } finally {
            store.close();
        }
    }

    private static void check(MetricStore store, Map<Labels, TreeMap<Long, Double>> model, long seed)
            throws Exception {
        long mint = T0 - 10 * WINDOW;
        long maxt = T0 + 1_000_000_000L;
        for (SeriesSamples s : store.read(List.of(Matcher.of(MatchType.REGEX, "__name__", "m.*")),
                mint, maxt)) {
            List<Sample> got = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) {
                got.add(new Sample(s.timestamps()[i], s.values()[i]));
            }
            List<Sample> want = new ArrayList<>();
            model.get(s.labels()).forEach((t, v) -> want.add(new Sample(t, v)));
            assertThat(got).as("series %s, seed %d", s.labels(), seed).containsExactlyElementsOf(want);
        }
        // a sub-range read is the model's sub-map
        for (Map.Entry<Labels, TreeMap<Long, Double>> e : model.entrySet()) {
            if (e.getValue().size() < 4) {
                continue;
            }
            long from = e.getValue().firstKey() + 100_000;
            long to = e.getValue().lastKey() - 100_000;
            if (to < from) {
                continue;
            }
            List<Matcher> exact = new ArrayList<>();
            e.getKey().forEach((name, value) -> exact.add(Matcher.equal(name, value)));
            List<SeriesSamples> got = store.read(exact, from, to);
            int want = e.getValue().subMap(from, true, to, true).size();
            assertThat(got.isEmpty() ? 0 : got.getFirst().size()).as("range of %s, seed %d", e.getKey(), seed)
                    .isEqualTo(want);
        }
    }

    @Test
    void matchersFollowPrometheusSemantics() throws Exception {
        try (MetricStore store = MetricStore.open(dir, options())) {
            store.appendForTest(Labels.of("__name__", "up", "job", "api", "instance", "a:1"), new long[] {T0},
                    new double[] {1});
            store.appendForTest(Labels.of("__name__", "up", "job", "db"), new long[] {T0}, new double[] {0});
            store.appendForTest(Labels.of("__name__", "errors_total", "job", "api"), new long[] {T0},
                    new double[] {3});
            assertThat(names(store, Matcher.equal("__name__", "up"), Matcher.equal("instance", "")))
                    .containsExactly("up{job=\"db\"}");
            assertThat(names(store, Matcher.of(MatchType.NOT_EQUAL, "job", "api")))
                    .containsExactly("up{job=\"db\"}");
            assertThat(names(store, Matcher.of(MatchType.REGEX, "job", "a")))
                    .as("anchored: 'a' does not match 'api'").isEmpty();
            assertThat(names(store, Matcher.of(MatchType.REGEX, "instance", "a.*|")))
                    .as("an empty-matching regex also selects series without the label").hasSize(3);
            assertThat(names(store, Matcher.equal("__name__", "up"),
                    Matcher.of(MatchType.NOT_REGEX, "instance", ".+"))).containsExactly("up{job=\"db\"}");
            assertThat(store.labelNames(List.of(), Long.MIN_VALUE, Long.MAX_VALUE))
                    .containsExactly("__name__", "instance", "job");
            assertThat(store.labelValues("job", List.of(Matcher.equal("__name__", "up")), T0 - 1, T0 + 1))
                    .containsExactly("api", "db");
            assertThat(store.series(List.of(Matcher.equal("job", "api")), T0 + 1, T0 + 2)).isEmpty();
        }
    }

    private static List<String> names(MetricStore store, Matcher... m) throws Exception {
        return store.series(List.of(m), Long.MIN_VALUE, Long.MAX_VALUE).stream()
                .map(l -> l.metricName() + l.withoutName()).toList(); // up{job="db"}
    }

    @Test
    void retentionDeletesOldChunksAndEmptySeries() throws Exception {
        try (MetricStore store = MetricStore.open(dir, new MetricsOptions(Duration.ofHours(1), Duration.ofMinutes(10),
                "auto"))) {
            Labels old = Labels.of("__name__", "old");
            Labels live = Labels.of("__name__", "live");
            long[] ts = new long[1000];
            double[] vs = new double[1000];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = System.currentTimeMillis() - (1000 - i) * 15_000L;
                vs[i] = i;
            }
            store.appendForTest(old, java.util.Arrays.copyOf(ts, 500), java.util.Arrays.copyOf(vs, 500));
            store.appendForTest(live, ts, vs);
            store.commit(1);
            long now = ts[999] + 1000; // retention 1h: keeps samples from ts[999] - 1h
            store.dropBefore(now - 3_600_000);
            assertThat(store.select(List.of(Matcher.equal("__name__", "old")))).isEmpty();
            SeriesSamples kept = store.read(List.of(Matcher.equal("__name__", "live")), Long.MIN_VALUE,
                    Long.MAX_VALUE).getFirst();
            assertThat(kept.timestamps()[kept.size() - 1]).isEqualTo(ts[999]);
            assertThat(kept.timestamps()[0]).as("whole chunks older than the cutoff are gone")
                    .isGreaterThan(ts[0]).isLessThanOrEqualTo(now - 3_600_000);
        }
    }
}
