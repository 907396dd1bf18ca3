package dev.sightline.benchmarks.otlp;

import dev.sightline.benchmarks.LogData;
import dev.sightline.benchmarks.MetricData;
import dev.sightline.benchmarks.RemoteWriteData;
import dev.sightline.ingest.otlp.LogValidation;
import dev.sightline.ingest.otlp.MetricValidation;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding (protobuf-java objects) plus validation of one OTLP logs export of 1,000 records and one metrics
 * export of 50 instances (1,450 samples), and of the same metrics as a snappy remote-write body (to OTLP and
 * re-encoded for the WAL), as the receivers do on the event loop. Scores are operations (exports) per second: multiply by 1,000 records or 1,450 samples;
 * bytes per export are printed at setup for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LogsMetricsDecodeBenchmark {
    static final int RECORDS = 1000;
    static final int INSTANCES = 50;
    static final int SERIES = 16;
    byte[] logs;
    byte[] metrics;
    byte[] remoteWrite;

    @Setup
    public void setup() {
        logs = LogData.batch(1, RECORDS).toByteArray();
        long now = System.currentTimeMillis();
        metrics = MetricData.scrape(0, INSTANCES, SERIES, now * 1_000_000L, 10).toByteArray();
        remoteWrite = RemoteWriteData.scrape(0, INSTANCES, SERIES, now, 10);
        System.out.printf("%nlogs export of %d records: %d bytes; metrics export of %d samples: %d bytes protobuf, "
                + "%d bytes remote-write (snappy)%n", RECORDS, logs.length,
                INSTANCES * MetricData.samplesPerInstance(SERIES), metrics.length, remoteWrite.length);
    }

    @Benchmark
    public LogValidation logsDecodeAndValidate() throws Exception {
        return LogValidation.of(ExportLogsServiceRequest.parseFrom(logs));
    }

    @Benchmark
    public MetricValidation metricsDecodeAndValidate() throws Exception {
        return MetricValidation.of(ExportMetricsServiceRequest.parseFrom(metrics));
    }

    @Benchmark
    public RemoteWriteBatch remoteWriteDecodeAndValidate() throws Exception {
        // As the receiver does before the WAL (which logs the body as received): unsnappy, decode, validate, hash.
        return RemoteWriteReceiver.decode(remoteWrite, 64 << 20);
    }
}
