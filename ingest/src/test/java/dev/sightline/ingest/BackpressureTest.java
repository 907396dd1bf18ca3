package dev.sightline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.rpc.RetryInfo;
import dev.sightline.ingest.grpc.OtlpGrpcServer;
import dev.sightline.ingest.grpc.RawBytesMarshaller;
import dev.sightline.ingest.http.OtlpHttpServer;
import dev.sightline.ingest.otlp.LogReceiver;
import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.ingest.otlp.TraceReceiver;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.wal.WriteAheadLog;
import dev.sightline.storage.write.Applier;
import dev.sightline.storage.write.WritePath;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * For every signal, a full ingest queue answers 429 + Retry-After on OTLP/HTTP and RESOURCE_EXHAUSTED with RetryInfo
 * on OTLP/gRPC, and accepts again once the queue drains. The store's apply blocks until the test releases it, so
 * the queue is full for certain, not by timing.
 */
class BackpressureTest {
    private static final int QUEUE_BYTES = 1800; // two ~660-byte requests fit, a third does not

    @TempDir
    Path dir;
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch applying = new CountDownLatch(1);
    WriteAheadLog wal;
    WritePath writePath;
    OtlpHttpServer http;
    OtlpGrpcServer grpc;
    ManagedChannel channel;
    final HttpClient client = HttpClient.newHttpClient();

    void start() throws Exception {
        wal = WriteAheadLog.open(dir, 1 << 20);
        Applier blocking = new Applier() {
            @Override
            public boolean accepts(Signal signal) {
                return true;
            }

            @Override
            public void apply(long lsn, Signal signal, Object batch) {
                applying.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void commit(long throughLsn) {
            }
        };
        writePath = new WritePath(wal, List.of(blocking), List.of(), QUEUE_BYTES, Duration.ofMinutes(1));
        writePath.recover();
        writePath.start();
        TraceReceiver traces = new TraceReceiver(writePath, Duration.ofDays(7));
        LogReceiver logs = new LogReceiver(writePath);
        MetricReceiver metrics = new MetricReceiver(writePath);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        http = new OtlpHttpServer(any, 1 << 20, traces, logs, metrics, null).start();
        grpc = new OtlpGrpcServer(any, 1 << 20, traces, logs, metrics).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        if (channel != null) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            http.close();
            grpc.close();
            writePath.close();
            wal.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void httpAnswers429WithRetryAfterWhileFullThenAcceptsAgain(Signal signal) throws Exception {
        start();
        CompletableFuture<HttpResponse<byte[]>> first = post(signal, request(signal, 1)); // stuck in the store
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<byte[]>> second = post(signal, request(signal, 2)); // queued behind it
        waitUntilQueued(2);
        HttpResponse<byte[]> third = post(signal, request(signal, 3)).get(10, TimeUnit.SECONDS);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(com.google.rpc.Status.parseFrom(third.body()).getMessage()).contains("queue is full");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(signal, request(signal, 4)).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(Signal.class)
    void grpcAnswersResourceExhaustedWithRetryInfoWhileFull(Signal signal) throws Exception {
        start();
        CompletableFuture<HttpResponse<byte[]>> first = post(signal, request(signal, 1));
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<byte[]>> second = post(signal, request(signal, 2));
        waitUntilQueued(2);
        assertThatThrownBy(() -> grpcExport(signal, request(signal, 3)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
                    com.google.rpc.Status details = StatusProto.fromThrowable(e);
                    assertThat(details).isNotNull();
                    assertThat(details.getDetailsList()).anySatisfy(any -> {
                        assertThat(any.is(RetryInfo.class)).isTrue();
                        assertThat(any.unpack(RetryInfo.class).getRetryDelay().getSeconds()).isEqualTo(1);
                    });
                });
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(grpcExport(signal, request(signal, 5))).as("an export response without partial_success").isEmpty();
    }

    /**
     * While the queue is full a request is refused before it is decoded: a body that is not even protobuf gets the
     * overload answer, not the malformed one, so an overloaded server spends nothing on requests it cannot take.
     */
    @ParameterizedTest
    @EnumSource(Signal.class)
    void aFullQueueRefusesRequestsBeforeDecodingThem(Signal signal) throws Exception {
        start();
        CompletableFuture<HttpResponse<byte[]>> first = post(signal, request(signal, 1));
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<byte[]>> second = post(signal, request(signal, 2));
        waitUntilQueued(2);
        byte[] garbage = new byte[700];
        java.util.Arrays.fill(garbage, (byte) 0xFF);
        assertThat(post(signal, garbage).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(429);
        assertThatThrownBy(() -> grpcExport(signal, garbage)).isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED));
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(signal, garbage).get(10, TimeUnit.SECONDS).statusCode()).as("malformed once there is room")
                .isEqualTo(400);
    }

    /** A valid export of one item with ~600 bytes of text, so two fit in the queue and a third does not. */
    private static byte[] request(Signal signal, int n) {
        long now = System.currentTimeMillis() * 1_000_000L;
        String text = "x".repeat(600);
        return switch (signal) {
            case TRACES -> ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
                            .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                                (byte) n}))
                            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) n}))
                            .setName("op-" + text).setStartTimeUnixNano(now).setEndTimeUnixNano(now + 5))))
                    .build().toByteArray();
            case LOGS -> ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(LogRecord.newBuilder().setTimeUnixNano(now)
                            .setBody(AnyValue.newBuilder().setStringValue("log-" + text)))))
                    .build().toByteArray();
            case METRICS -> ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("queue_test")
                            .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                    .setTimeUnixNano(now + n).setAsDouble(n)
                                    .addAttributes(KeyValue.newBuilder().setKey("text")
                                            .setValue(AnyValue.newBuilder().setStringValue(text))))))))
                    .build().toByteArray();
        };
    }

    private CompletableFuture<HttpResponse<byte[]>> post(Signal signal, byte[] body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/v1/"
                                + signal.name().toLowerCase(java.util.Locale.ROOT)))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void waitUntilQueued(int batches) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writePath.acceptedBatches() < batches && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(writePath.acceptedBatches()).isEqualTo(batches);
    }

    /** The signal's OTLP Export call with the request as bytes; returns the response's bytes. */
    private byte[] grpcExport(Signal signal, byte[] body) {
        String service = switch (signal) {
            case TRACES -> "opentelemetry.proto.collector.trace.v1.TraceService";
            case LOGS -> "opentelemetry.proto.collector.logs.v1.LogsService";
            case METRICS -> "opentelemetry.proto.collector.metrics.v1.MetricsService";
        };
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(service + "/Export")
                .setRequestMarshaller(new RawBytesMarshaller())
                .setResponseMarshaller(new RawBytesMarshaller())
                .build();
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10,
                TimeUnit.SECONDS), body);
    }
}
