package dev.sightline.benchmarks.promql;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.eval.QueryResult;
import dev.sightline.query.promql.parser.Parser;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.storage.model.Labels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code sum by (job) (rate(http_requests_total[5m]))} as a range query over 10,000 series (10 jobs), one hour
 * at a 15 s step, over the in-memory source with one sample per series every 15 s. The score is queries per
 * second; the {@code samplesScanned} counter is samples read by {@code rate} per second (each step reads the
 * 20 samples of every series' 5-minute window).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class RangeQueryBenchmark {
    static final int SERIES = 10_000;
    static final long SCRAPE_MS = 15_000;
    static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long END_MS = START_MS + 3_600_000;
    static final long STEP_MS = 15_000;

    Engine engine;
    Expr query;
    long samplesPerQuery;

    /** Samples scanned, reported by JMH as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long samplesScanned;
    }

    @Setup(Level.Trial)
    public void setup() {
        InMemorySeriesSource source = new InMemorySeriesSource();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < SERIES; i++) {
            Labels labels = Labels.of("__name__", "http_requests_total", "job", "job-" + (i % 10),
                    "instance", "host-" + i + ":9100");
            double value = 0;
            for (long t = START_MS - 600_000; t <= END_MS; t += SCRAPE_MS) {
                value += random.nextInt(100);
                source.add(labels, t, value);
            }
        }
        engine = new Engine(source, QueryLimits.DEFAULT);
        query = Parser.parse("sum by (job) (rate(http_requests_total[5m]))");
        long steps = (END_MS - START_MS) / STEP_MS + 1;
        samplesPerQuery = steps * SERIES * (300_000 / SCRAPE_MS);
        System.out.printf("%nsteps=%d, samples scanned per query=%d%n", steps, samplesPerQuery);
    }

    @Benchmark
    public Matrix rangeQuery(Counters counters) {
        QueryResult r = engine.range(query, START_MS, END_MS, STEP_MS);
        counters.samplesScanned += samplesPerQuery;
        return (Matrix) r.value();
    }
}
