package dev.sightline.benchmarks.otlp;

import dev.sightline.benchmarks.TraceData;
import dev.sightline.ingest.otlp.OtlpJson;
import dev.sightline.ingest.otlp.TraceValidation;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decoding one OTLP export of 512 spans (protobuf-java objects; OTLP/JSON) plus validation, as the receivers
 * do on the event loop. Scores are spans per second; bytes per batch are printed at setup for MB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class TraceDecodeBenchmark {
    static final int SPANS = 512;
    byte[] protobuf;
    byte[] json;

    @Setup
    public void setup() {
        ExportTraceServiceRequest request = TraceData.batch(1, SPANS);
        protobuf = request.toByteArray();
        json = OtlpJson.print(request).getBytes(StandardCharsets.UTF_8);
        System.out.printf("%nbatch of %d spans: %d bytes protobuf, %d bytes OTLP/JSON%n", SPANS, protobuf.length,
                json.length);
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public TraceValidation protobufDecodeAndValidate() throws Exception {
        return TraceValidation.of(ExportTraceServiceRequest.parseFrom(protobuf));
    }

    @Benchmark
    @OperationsPerInvocation(SPANS)
    public ExportTraceServiceRequest jsonDecode() throws Exception {
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
        OtlpJson.merge(json, b);
        return b.build();
    }
}
