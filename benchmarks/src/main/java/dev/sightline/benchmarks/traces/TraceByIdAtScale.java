package dev.sightline.benchmarks.traces;

import dev.sightline.benchmarks.TraceData;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.model.TraceId;
import dev.sightline.storage.traces.StoredSpan;
import dev.sightline.storage.traces.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Trace by ID on a big trace store: fills a store with {@code --spans} spans (traces of 8 spans, spread evenly
 * over the 7 days of default retention, so a lookup seeks in every day's column family) through the store's own
 * apply, reopens it (nothing left in memtables), then times lookups of stored traces in random order, and of
 * absent IDs. One thread; the figures are the store's, without HTTP and JSON.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.sightline.benchmarks.traces.TraceByIdAtScale --spans 10000000 --dir /tmp/traces-10m --lookups 20000
 * </pre>
 * A folder already filled with the same number of spans is reused.
 */
public final class TraceByIdAtScale {
    private static final int BATCH = 512;
    private static final long DAY_NANOS = TimeUnit.DAYS.toNanos(1);

    private TraceByIdAtScale() {
    }

    public static void main(String[] args) throws Exception {
        long spans = 10_000_000;
        Path dir = null;
        int lookups = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--spans" -> spans = Long.parseLong(args[i + 1].replace("_", ""));
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--lookups" -> lookups = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --spans N --dir PATH --lookups N");
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("sightline-trace-by-id");
        }
        long batches = spans / BATCH;
        Path marker = dir.resolve("filled-" + batches * BATCH);
        // Days counted back from a fixed "now" captured at fill time, so a reused folder stays inside retention for
        // a few days; the IDs are regenerated from the seeds (cheap), not stored.
        long now = Files.exists(marker) ? Long.parseLong(Files.readString(marker).strip())
                : System.currentTimeMillis() * 1_000_000L - 3_600_000_000_000L;
        if (!Files.exists(marker)) {
            fill(dir, batches, now);
            Files.writeString(marker, Long.toString(now));
        }
        System.out.printf("store: %,d spans in %s, %.1f MB on disk%n", batches * BATCH, dir, size(dir.resolve("traces")) / 1e6);
        try (TraceStore store = TraceStore.open(dir.resolve("traces"), CorrelationKeys.DEFAULT)) {
            Random r = new Random(42);
            List<TraceId> present = new ArrayList<>();
            for (int i = 0; i < lookups + 1000; i++) {
                long b = (long) (r.nextDouble() * batches);
                ExportTraceServiceRequest req = TraceData.batch(b, BATCH, dayStart(now, b, batches));
                int trace = r.nextInt(BATCH / 8);
                present.add(new TraceId(req.getResourceSpansList().stream()
                        .flatMap(rs -> rs.getScopeSpansList().stream()).flatMap(ss -> ss.getSpansList().stream())
                        .skip(trace * 8L).findFirst().orElseThrow().getTraceId()));
            }
            for (int i = 0; i < 1000; i++) { // warm-up: JIT, block cache for index and filter blocks
                store.trace(present.get(i));
            }
            long[] hit = new long[lookups];
            int spansFound = 0;
            for (int i = 0; i < lookups; i++) {
                long t0 = System.nanoTime();
                List<StoredSpan> found = store.trace(present.get(1000 + i));
                hit[i] = System.nanoTime() - t0;
                spansFound += found.size();
                if (found.isEmpty()) {
                    throw new IllegalStateException("trace " + present.get(1000 + i) + " not found");
                }
            }
            long[] miss = new long[Math.max(1, lookups / 10)];
            byte[] id = new byte[16];
            for (int i = 0; i < miss.length; i++) {
                r.nextBytes(id);
                TraceId absent = new TraceId(com.google.protobuf.ByteString.copyFrom(id));
                long t0 = System.nanoTime();
                store.trace(absent);
                miss[i] = System.nanoTime() - t0;
            }
            System.out.printf("trace by ID, stored traces (%,d lookups, %.1f spans each): %s%n", lookups,
                    spansFound / (double) lookups, percentiles(hit));
            System.out.printf("trace by ID, absent IDs (%,d lookups): %s%n", miss.length, percentiles(miss));
        }
    }

    private static long dayStart(long now, long batch, long batches) {
        long day = batch * 7 / batches; // 0..6
        return now - day * DAY_NANOS;
    }

    private static void fill(Path dir, long batches, long now) throws IOException {
        long t0 = System.nanoTime();
        try (TraceStore store = TraceStore.open(dir.resolve("traces"), CorrelationKeys.DEFAULT)) {
            for (long b = 0; b < batches; b++) {
                store.apply(b + 1, Signal.TRACES, TraceData.batch(b, BATCH, dayStart(now, b, batches)));
                if ((b + 1) % 2000 == 0) {
                    store.commit(b + 1);
                    System.out.printf("  %,d spans stored (%.0f spans/s)%n", (b + 1) * BATCH,
                            (b + 1) * BATCH / ((System.nanoTime() - t0) / 1e9));
                }
            }
            store.commit(batches);
        }
    }

    private static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return String.format("p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms", at(s, 0.5), at(s, 0.99),
                at(s, 0.999), s[s.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    private static long size(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
