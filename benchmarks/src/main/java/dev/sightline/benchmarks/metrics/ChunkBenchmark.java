package dev.sightline.benchmarks.metrics;

import dev.sightline.storage.metrics.Chunks;
import java.io.IOException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sample chunk encode and decode: one chunk of 480 samples scraped every 15 s (with a little jitter), values of
 * a CPU-seconds counter (two decimals: the scaled-integer encoding) or a gauge of arbitrary doubles (XOR).
 * Scores are samples per second, one thread; bytes per sample are printed at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ChunkBenchmark {
    static final int SAMPLES = 480;

    @Param({"counter", "gauge"})
    public String kind;

    long[] ts = new long[SAMPLES];
    double[] vs = new double[SAMPLES];
    long[] outT = new long[SAMPLES];
    double[] outV = new double[SAMPLES];
    byte[] chunk;

    @Setup
    public void setup() {
        Random r = new Random(7);
        long t = 1_700_000_000_000L;
        double v = 1000;
        for (int i = 0; i < SAMPLES; i++) {
            t += 15_000 + r.nextInt(3) - 1;
            ts[i] = t;
            if (kind.equals("counter")) {
                v = Math.round((v + r.nextInt(300) / 100.0) * 100) / 100.0;
                vs[i] = v;
            } else {
                vs[i] = 0.5 + r.nextGaussian() * 0.1;
            }
        }
        chunk = Chunks.encode(ts, vs, SAMPLES);
        System.out.printf("%n%s chunk of %d samples: %d bytes, %.2f bytes/sample%n", kind, SAMPLES, chunk.length,
                chunk.length / (double) SAMPLES);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public byte[] encode() {
        return Chunks.encode(ts, vs, SAMPLES);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public int decode() throws IOException {
        return Chunks.decode(chunk, outT, outV);
    }
}
