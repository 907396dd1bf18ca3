package dev.sightline.ingest.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.LogReceiver;
import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.ingest.otlp.TraceReceiver;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.ShuttingDownException;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OTLP over gRPC: {@code opentelemetry.proto.collector.trace.v1.TraceService/Export},
 * {@code opentelemetry.proto.collector.logs.v1.LogsService/Export} and
 * {@code opentelemetry.proto.collector.metrics.v1.MetricsService/Export}. Messages over the size limit get
 * {@code RESOURCE_EXHAUSTED} from gRPC itself (measured after decompression); malformed ones
 * {@code INVALID_ARGUMENT}; a full queue {@code RESOURCE_EXHAUSTED} with {@code RetryInfo}, which OTLP exporters
 * treat as retryable; shutdown {@code UNAVAILABLE}.
 */
public final class OtlpGrpcServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OtlpGrpcServer.class.getName());
    static final String TRACE_SERVICE = "opentelemetry.proto.collector.trace.v1.TraceService";
    static final String LOGS_SERVICE = "opentelemetry.proto.collector.logs.v1.LogsService";
    static final String METRICS_SERVICE = "opentelemetry.proto.collector.metrics.v1.MetricsService";

    private final Server server;

    /** Traces only. */
    public OtlpGrpcServer(InetSocketAddress address, int maxMessageBytes, TraceReceiver traces) {
        this(address, maxMessageBytes, traces, null, null);
    }

    /** Traces, and logs and metrics unless their receiver is null. */
    public OtlpGrpcServer(InetSocketAddress address, int maxMessageBytes, TraceReceiver traces, LogReceiver logs,
            MetricReceiver metrics) {
        this(address, maxMessageBytes, traces, logs, metrics, IngestMetrics.unregistered());
    }

    /**
     * As the other constructor, counting malformed requests in {@code ingestMetrics} (messages over the size
     * limit are refused by grpc-java before they reach a handler, with {@code RESOURCE_EXHAUSTED}, uncounted).
     */
    public OtlpGrpcServer(InetSocketAddress address, int maxMessageBytes, TraceReceiver traces, LogReceiver logs,
            MetricReceiver metrics, IngestMetrics ingestMetrics) {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(maxMessageBytes)
                .addService(service(TRACE_SERVICE, ExportTraceServiceRequest.getDefaultInstance(),
                        ExportTraceServiceResponse.getDefaultInstance(), traces::admit, traces::export,
                        () -> ingestMetrics.requestRejected(Signal.TRACES, IngestMetrics.RequestReason.MALFORMED)))
                .directExecutor(); // handlers decode and enqueue; they never block
        if (logs != null) {
            builder.addService(service(LOGS_SERVICE, ExportLogsServiceRequest.getDefaultInstance(),
                    ExportLogsServiceResponse.getDefaultInstance(), logs::admit, logs::export,
                    () -> ingestMetrics.requestRejected(Signal.LOGS, IngestMetrics.RequestReason.MALFORMED)));
        }
        if (metrics != null) {
            builder.addService(service(METRICS_SERVICE, ExportMetricsServiceRequest.getDefaultInstance(),
                    ExportMetricsServiceResponse.getDefaultInstance(), metrics::admit, metrics::export,
                    () -> ingestMetrics.requestRejected(Signal.METRICS, IngestMetrics.RequestReason.MALFORMED)));
        }
        this.server = builder.build();
    }

    /** A receiver's export: decoded request and its wire bytes in, the response when durable out. */
    @FunctionalInterface
    interface Export<Q, R> {
        CompletableFuture<R> export(Q request, byte[] wireBytes) throws OverloadedException, ShuttingDownException;
    }

    /** A receiver's check, before decoding, that its queue takes a request of this many bytes. */
    @FunctionalInterface
    interface Admission {
        void admit(long wireBytes) throws OverloadedException;
    }

    private static <Q extends Message, R extends Message> ServerServiceDefinition service(String name,
            Q requestType, R responseType, Admission admission, Export<Q, R> export, Runnable malformed) {
        MethodDescriptor<byte[], R> method = MethodDescriptor.<byte[], R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(name, "Export"))
                .setRequestMarshaller(new RawBytesMarshaller())
                .setResponseMarshaller(ProtoUtils.marshaller(responseType))
                .build();
        return ServerServiceDefinition.builder(name)
                .addMethod(method, ServerCalls.asyncUnaryCall((bytes, observer) ->
                        handle(requestType, bytes, observer, admission, export, malformed)))
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <Q extends Message, R extends Message> void handle(Q requestType, byte[] bytes,
            StreamObserver<R> observer, Admission admission, Export<Q, R> export, Runnable malformed) {
        try {
            admission.admit(bytes.length);
        } catch (OverloadedException e) {
            observer.onError(overloaded(e));
            return;
        }
        Q request;
        try {
            request = (Q) requestType.getParserForType().parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            malformed.run();
            observer.onError(Status.INVALID_ARGUMENT.withDescription("malformed "
                    + requestType.getDescriptorForType().getName() + ": " + e.getMessage()).asRuntimeException());
            return;
        }
        try {
            export.export(request, bytes).whenComplete((response, error) -> {
                if (error == null) {
                    observer.onNext(response);
                    observer.onCompleted();
                } else {
                    observer.onError(storageFailure(error));
                }
            });
        } catch (OverloadedException e) {
            observer.onError(overloaded(e));
        } catch (ShuttingDownException e) {
            observer.onError(Status.UNAVAILABLE.withDescription(e.getMessage()).asRuntimeException());
        }
    }

    static StatusRuntimeException overloaded(OverloadedException e) {
        long millis = e.retryAfterMillis();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .setMessage(e.getMessage())
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(millis / 1000).setNanos((int) (millis % 1000) * 1_000_000))
                        .build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    private static StatusRuntimeException storageFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        LOG.log(Level.WARNING, "export failed in storage", cause);
        return Status.UNAVAILABLE.withDescription("storage failed: " + cause.getMessage()).asRuntimeException();
    }

    public OtlpGrpcServer start() throws IOException {
        server.start();
        return this;
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return server.getPort();
    }

    /** Stops accepting calls, lets in-flight calls finish for up to {@code timeoutMillis}, then cancels them. */
    public void shutdown(long timeoutMillis) throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
            server.shutdownNow();
            server.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        shutdown(5_000);
    }
}
