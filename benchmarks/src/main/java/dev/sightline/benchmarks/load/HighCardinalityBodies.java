package dev.sightline.benchmarks.load;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * A quick check, without a server, of how fast one sender builds the high-cardinality run's bodies: one thread
 * walks its share of the active series (1 M over 4 connections by default) for a number of passes and prints
 * samples/s and bytes allocated per sample. Indicative only (a shared machine); the first pass warms up.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sightline.benchmarks.load.HighCardinalityBodies \
 *     [remote-write|otlp] [active series] [connections] [batch] [passes]
 * </pre>
 */
public final class HighCardinalityBodies {
    private HighCardinalityBodies() {
    }

    public static void main(String[] args) {
        boolean remoteWrite = args.length < 1 || args[0].equals("remote-write");
        long series = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 1_000_000;
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int passes = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        SeriesChurn churn = new SeriesChurn(Math.toIntExact(LoadOptions.instances(series)), connections, 0, 10,
                Duration.ofSeconds(15), 1);
        Workload workload = Workload.highCardinality(churn, batch, remoteWrite);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int pass = 0; pass < passes; pass++) {
            long samples = 0;
            long bodyBytes = 0;
            int requests = 0;
            long alloc0 = threads.getThreadAllocatedBytes(tid);
            long t0 = System.nanoTime();
            for (int left = churn.share(); left > 0; left -= batch) {
                Workload.Payload p = workload.make(1, 0, requests++);
                samples += p.items();
                bodyBytes += p.body().length;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
            System.out.printf("%s pass %d: %,d samples in %,d bodies (%.1f MB) in %.2f s: %,.0f samples/s, "
                    + "%.0f B allocated per sample%s%n", remoteWrite ? "remote-write" : "otlp", pass, samples,
                    requests, bodyBytes / 1e6, s, samples / s, alloc / (double) samples, pass == 0 ? " (warm-up)" : "");
        }
    }
}
