package dev.sightline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import com.google.rpc.RetryInfo;
import dev.sightline.ingest.grpc.OtlpGrpcServer;
import dev.sightline.ingest.http.OtlpHttpServer;
import dev.sightline.ingest.otlp.LogReceiver;
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
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log exports follow the same backpressure rules as traces: a full ingest queue answers 429 + Retry-After on
 * {@code /v1/logs} and RESOURCE_EXHAUSTED with RetryInfo on LogsService/Export, and accepts again once it drains.
 * The store's apply blocks until the test releases it, so the queue is full for certain, not by timing.
 */
class LogsBackpressureTest {
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

    @BeforeEach
    void start() throws Exception {
        wal = WriteAheadLog.open(dir, 1 << 20);
        Applier blocking = new Applier() {
            @Override
            public boolean accepts(Signal signal) {
                return true;
            }

            @Override
            public void apply(long lsn, Signal signal, Message batch) {
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
        writePath = new WritePath(wal, java.util.List.of(blocking), java.util.List.of(), QUEUE_BYTES,
                Duration.ofMinutes(1));
        writePath.recover();
        writePath.start();
        TraceReceiver traces = new TraceReceiver(writePath, java.time.Duration.ofDays(7));
        LogReceiver logs = new LogReceiver(writePath);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        http = new OtlpHttpServer(any, 1 << 20, traces, logs, null, null).start();
        grpc = new OtlpGrpcServer(any, 1 << 20, traces, logs, null).start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", grpc.port()).usePlaintext().build();
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        http.close();
        grpc.close();
        writePath.close();
        wal.close();
    }

    private static byte[] request(int n) {
        LogRecord record = LogRecord.newBuilder()
                .setTimeUnixNano(System.currentTimeMillis() * 1_000_000L)
                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, (byte) n}))
                .setBody(AnyValue.newBuilder().setStringValue("log-" + "x".repeat(600)))
                .build();
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder().addLogRecords(record)))
                .build().toByteArray();
    }

    private CompletableFuture<HttpResponse<byte[]>> post(byte[] body) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/v1/logs"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void httpAnswers429WithRetryAfterWhileFullThenAcceptsAgain() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> first = post(request(1)); // ~700 bytes: stuck in the store
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<byte[]>> second = post(request(2)); // queued behind it
        waitUntilQueued(2);
        HttpResponse<byte[]> third = post(request(3)).get(10, TimeUnit.SECONDS);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(com.google.rpc.Status.parseFrom(third.body()).getMessage()).contains("queue is full");
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(request(4)).get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void grpcAnswersResourceExhaustedWithRetryInfoWhileFull() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> first = post(request(1));
        assertThat(applying.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<HttpResponse<byte[]>> second = post(request(2));
        waitUntilQueued(2);
        assertThatThrownBy(() -> grpcExport(request(3))).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
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
        assertThat(grpcExport(request(5)).hasPartialSuccess()).isFalse();
    }

    private void waitUntilQueued(int batches) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writePath.acceptedBatches() < batches && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(writePath.acceptedBatches()).isEqualTo(batches);
    }

    private ExportLogsServiceResponse grpcExport(byte[] body) {
        MethodDescriptor<ExportLogsServiceRequest, ExportLogsServiceResponse> method = MethodDescriptor
                .<ExportLogsServiceRequest, ExportLogsServiceResponse>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("opentelemetry.proto.collector.logs.v1.LogsService/Export")
                .setRequestMarshaller(ProtoUtils.marshaller(ExportLogsServiceRequest.getDefaultInstance()))
                .setResponseMarshaller(ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
                .build();
        try {
            return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10,
                    TimeUnit.SECONDS), ExportLogsServiceRequest.parseFrom(body));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
