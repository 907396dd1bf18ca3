package dev.sightline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.benchmarks.traces.TraceByIdAtScale;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Keeps the benchmarks from rotting: every JMH benchmark runs once, briefly, in this JVM (no fork), on small
 * parameters, and must produce a score; the trace-by-ID tool runs on a small store; the remote-write payload the
 * load generator sends decodes, through Sightline's own receiver, to the samples it claims. No timing is asserted.
 */
class BenchmarkSmokeTest {
    @TempDir
    Path dir;

    @Test
    void everyJmhBenchmarkRunsAndScores() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include("dev\\.sightline\\.benchmarks\\..*Benchmark")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .param("instances", "2")
                .param("scrapes", "40")
                .param("profile", "smooth")
                .param("cadence", "data")
                .param("group", "8")
                .shouldFailOnError(true)
                .build()).run();
        Set<String> ran = new HashSet<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            String[] parts = name.split("\\.");
            ran.add(parts[parts.length - 2]);
            assertThat(r.getPrimaryResult().getScore()).as(name).isPositive();
        }
        assertThat(ran).contains("TraceDecodeBenchmark", "LogsMetricsDecodeBenchmark", "WalAppendBenchmark",
                "SpanIndexBenchmark", "LogIndexBenchmark", "TraceStoreBenchmark", "MetricStoreBenchmark",
                "RangeQueryBenchmark", "ChunkBenchmark");
    }

    @Test
    void traceByIdAtScaleFindsEveryTraceItLooksUp() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            TraceByIdAtScale.main(new String[] {"--spans", "20480", "--dir", dir.toString(), "--lookups", "200"});
        } finally {
            System.setOut(stdout);
        }
        // The tool throws when a stored trace is not found; it reports 8 spans per trace (the generator's shape).
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("20,480 spans").contains("8.0 spans each");
    }

    @Test
    void remoteWritePayloadDecodesToTheSamplesItClaims() throws Exception {
        byte[] body = RemoteWriteData.scrape(0, 3, 16, 1_700_000_000_000L, 5);
        RemoteWriteBatch batch = RemoteWriteReceiver.decode(body, 64 << 20);
        Set<String> names = new HashSet<>();
        for (int i = 0; i < batch.seriesCount(); i++) {
            names.add(batch.metricName(i));
        }
        assertThat(batch.rejectedSamples()).isZero();
        assertThat(batch.sampleCount()).isEqualTo(3 * MetricData.samplesPerInstance(16));
        assertThat(names).containsExactlyInAnyOrder("node_cpu_seconds_total", "node_memory_active_bytes",
                "http_server_request_duration_seconds_bucket", "http_server_request_duration_seconds_sum",
                "http_server_request_duration_seconds_count");
    }
}
