package dev.sightline.benchmarks.load;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import dev.sightline.ingest.grpc.RawBytesMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One connection that sends pre-encoded OTLP requests and says how each was answered. Not thread-safe. */
interface Sender extends AutoCloseable {
    /** How the server answered one request. */
    enum Outcome { OK, REJECTED, ERROR }

    Outcome send(byte[] body);

    @Override
    void close();

    static Sender open(LoadOptions o) {
        return switch (o.protocol()) {
            case "grpc" -> new Grpc(o);
            case "remote-write" -> new RemoteWrite(o);
            default -> new Http(o);
        };
    }

    /** OTLP/gRPC through grpc-java, bytes passed through as they are. */
    final class Grpc implements Sender {
        private final ManagedChannel channel;
        private final MethodDescriptor<byte[], byte[]> method;

        Grpc(LoadOptions o) {
            URI uri = URI.create(o.endpoint());
            channel = NettyChannelBuilder.forAddress(uri.getHost(), uri.getPort()).usePlaintext()
                    .maxInboundMessageSize(64 << 20).build();
            String service = switch (o.signal()) {
                case "logs" -> "opentelemetry.proto.collector.logs.v1.LogsService";
                case "metrics" -> "opentelemetry.proto.collector.metrics.v1.MetricsService";
                default -> "opentelemetry.proto.collector.trace.v1.TraceService";
            };
            method = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(service + "/Export").setRequestMarshaller(new RawBytesMarshaller())
                    .setResponseMarshaller(new RawBytesMarshaller()).build();
        }

        @Override
        public Outcome send(byte[] body) {
            try {
                ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                        body);
                return Outcome.OK;
            } catch (StatusRuntimeException e) {
                Status.Code c = e.getStatus().getCode();
                return c == Status.Code.RESOURCE_EXHAUSTED || c == Status.Code.UNAVAILABLE ? Outcome.REJECTED
                        : Outcome.ERROR;
            }
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }

    /** OTLP/HTTP with protobuf bodies over one HTTP/1.1 keep-alive connection. */
    class Http implements Sender {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;

        Http(LoadOptions o) {
            this(URI.create(o.endpoint().replaceAll("/+$", "") + "/v1/" + o.signal()));
        }

        Http(URI uri) {
            this.uri = uri;
        }

        /** Headers of every request, as name, value pairs. */
        String[] headers() {
            return new String[] {"Content-Type", "application/x-protobuf"};
        }

        @Override
        public Outcome send(byte[] body) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .headers(headers())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return Outcome.OK;
                }
                return r.statusCode() == 429 || r.statusCode() == 503 ? Outcome.REJECTED : Outcome.ERROR;
            } catch (IOException e) {
                return Outcome.ERROR;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.ERROR;
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Prometheus remote-write 1.0: snappy-compressed WriteRequest bodies POSTed to the endpoint URL as given. */
    final class RemoteWrite extends Http {
        RemoteWrite(LoadOptions o) {
            super(URI.create(o.endpoint()));
        }

        @Override
        String[] headers() {
            return new String[] {"Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                    "X-Prometheus-Remote-Write-Version", "0.1.0"};
        }
    }
}
