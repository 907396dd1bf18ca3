package dev.sightline.benchmarks.metrics;

import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.SeriesSamples;
import java.util.List;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One day of node-exporter-like scrapes ({@link NodeExporterData}: {@code instances} × 100 series every 15 s)
 * applied to the metric store as remote-write exports (translation, series lookup, Gorilla append, chunk
 * writes, checkpoints at the chosen {@link #cadence}). The score is the seconds the day takes; the
 * tear-down prints the bytes per sample on disk (the live SST files of every column family — chunks,
 * series catalogue, metadata — after a full compaction) and the heap per active series.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx2g"})
public class MetricStoreBenchmark {
    @Param({"20"})
    public int instances;

    @Param({"5760"})
    public int scrapes;

    @Param({"random", "smooth"})
    public String profile;

    /**
     * When the checkpoint (commit) runs: {@code wall} every 30 s of wall-clock time, as the write path does (the
     * ingest rate); {@code data} every 30 s of data time, i.e. every two scrapes, so head segments are as small
     * as a real-time server's (the on-disk size), at the price of a RocksDB flush per commit.
     */
    @Param({"wall", "data"})
    public String cadence;

    Path dir;
    MetricStore store;
    NodeExporterData data;
    long heapBefore;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("sightline-metrics-bench");
        heapBefore = usedHeap();
        store = MetricStore.open(dir, new MetricsOptions(Duration.ofDays(3650), Duration.ofMinutes(10), "none"));
        data = new NodeExporterData(instances, profile);
    }

    @Benchmark
    public long ingestDay() throws IOException {
        long t0 = System.currentTimeMillis() - scrapes * NodeExporterData.STEP_MILLIS;
        long lsn = 0;
        long lastCommit = System.nanoTime();
        for (int s = 0; s < scrapes; s++) {
            long t = t0 + s * NodeExporterData.STEP_MILLIS;
            for (int i = 0; i < instances; i++) {
                store.apply(++lsn, Signal.METRICS, data.scrape(i, t));
            }
            boolean due = cadence.equals("data") ? s % 2 == 1
                    : System.nanoTime() - lastCommit > TimeUnit.SECONDS.toNanos(30);
            if (due) {
                store.commit(lsn);
                lastCommit = System.nanoTime();
            }
        }
        return lsn;
    }

    @TearDown(Level.Trial)
    public void report() throws IOException {
        long series = store.seriesCount();
        long heap = usedHeap() - heapBefore;
        store.compact();
        long samples = series * scrapes;
        long readBack = 0;
        for (SeriesSamples ss : store.read(List.of(Matcher.of(MatchType.REGEX, "__name__", ".+")),
                Long.MIN_VALUE, Long.MAX_VALUE)) {
            readBack += ss.size();
        }
        if (readBack != samples) {
            throw new IllegalStateException("read back " + readBack + " samples, expected " + samples);
        }
        long bytes = store.diskBytes(); // live SST files only: obsolete ones may linger on disk for a moment
        System.out.printf("%nprofile %s, cadence %s: series %d, samples %d, SST bytes %d, bytes/sample %.3f, "
                + "heap/series %d B%n", profile, cadence, series, samples, bytes, (double) bytes / samples, heap / series);
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
