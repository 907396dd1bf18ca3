package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.rpc.Status;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import dev.sightline.ingest.grpc.RawBytesMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets a clear 4xx or gRPC status, the rest of the data is kept, and the server keeps
 * serving. Runs the real server on loopback with a 64 KiB body limit.
 */
class BadInputIT {
    private static final int LIMIT = 64 * 1024;
    @TempDir
    static Path data;
    static InProcessServer server;
    static ManagedChannel channel;
    final Random random = new Random(42);

    @BeforeAll
    static void start() throws IOException {
        server = InProcessServer.start(data, "--ingest.max_body_size=" + LIMIT);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @AfterEach
    void serverStillServes() throws Exception {
        byte[] trace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        ExportTraceServiceRequest ok = OtlpRequests.request("still-up",
                List.of(OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "after", now, now + 1000)));
        TestHttp.Response r = postProto(ok.toByteArray());
        assertThat(r.status()).isEqualTo(200);
        assertThat(TestHttp.get(server.query("/api/traces/" + hex(trace))).status()).isEqualTo(200);
    }

    private TestHttp.Response postProto(byte[] body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-protobuf";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return TestHttp.post(server.otlpHttp("/v1/traces"), body, all);
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    private static Status rpcStatus(TestHttp.Response r) throws IOException {
        return Status.parseFrom(r.body());
    }

    @Test
    void malformedProtobufIs400WithReason() throws Exception {
        TestHttp.Response r = postProto(new byte[] {0x0a, (byte) 0xff, 0x01, 0x02});
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("content-type")).isEqualTo("application/x-protobuf");
        assertThat(rpcStatus(r).getMessage()).contains("not a valid protobuf ExportTraceServiceRequest");
    }

    @Test
    void malformedJsonIs400WithReason() throws Exception {
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"),
                "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("not valid JSON");
    }

    @Test
    void nonHexIdInJsonIs400NamingTheField() throws Exception {
        String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"spanId\":\"0102030405060708\","
                + "\"name\":\"x\",\"startTimeUnixNano\":\"1\",\"endTimeUnixNano\":\"2\"}]}]}]}";
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"), body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("traceId").contains("hex");
    }

    @Test
    void jsonWithUnknownFieldsIsAccepted() throws Exception {
        byte[] trace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        String body = "{\"resourceSpans\":[{\"futureField\":{\"a\":1},\"scopeSpans\":[{\"spans\":[{\"traceId\":\""
                + hex(trace) + "\",\"spanId\":\"0102030405060708\",\"name\":\"x\",\"startTimeUnixNano\":\"" + now
                + "\",\"endTimeUnixNano\":" + (now + 5) + ",\"kind\":2,\"unknownThing\":true}]}]}]}";
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"), body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(TestHttp.get(server.query("/api/traces/" + hex(trace))).status()).isEqualTo(200);
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        TestHttp.Response r = postProto(new byte[LIMIT + 1]);
        assertThat(r.status()).isEqualTo(413);
        assertThat(rpcStatus(r).getMessage()).contains("larger than the limit of " + LIMIT);
    }

    @Test
    void gzipBombIsStoppedAt413() throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 64; i++) {
                gz.write(zeros); // 64 MiB of zeros: ~64 KiB compressed
            }
        }
        assertThat(compressed.size()).isLessThan(LIMIT);
        TestHttp.Response r = postProto(compressed.toByteArray(), "Content-Encoding", "gzip");
        assertThat(r.status()).isEqualTo(413);
        assertThat(rpcStatus(r).getMessage()).contains("after gzip decompression");
    }

    @Test
    void gzipBodyIsAccepted() throws Exception {
        byte[] trace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        byte[] raw = OtlpRequests.request("gz", List.of(OtlpRequests.span(trace, OtlpRequests.randomId(random, 8),
                "zipped", now, now + 10))).toByteArray();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(raw);
        }
        TestHttp.Response r = postProto(compressed.toByteArray(), "Content-Encoding", "gzip");
        assertThat(r.status()).isEqualTo(200);
        assertThat(TestHttp.get(server.query("/api/traces/" + hex(trace))).json()
                .at("/data/0/spans/0/operationName").asText()).isEqualTo("zipped");
    }

    @Test
    void brokenGzipIs400() throws Exception {
        TestHttp.Response r = postProto("not gzip at all".getBytes(StandardCharsets.UTF_8), "Content-Encoding", "gzip");
        assertThat(r.status()).isEqualTo(400);
        assertThat(rpcStatus(r).getMessage()).contains("not valid gzip");
    }

    @Test
    void wrongContentTypeMethodAndPath() throws Exception {
        assertThat(TestHttp.post(server.otlpHttp("/v1/traces"), new byte[0], "Content-Type", "text/plain").status())
                .isEqualTo(415);
        TestHttp.Response get = TestHttp.get(server.otlpHttp("/v1/traces"));
        assertThat(get.status()).isEqualTo(405);
        assertThat(get.header("allow")).isEqualTo("POST");
        assertThat(TestHttp.post(server.otlpHttp("/v1/nothing"), new byte[0], "Content-Type",
                "application/x-protobuf").status()).isEqualTo(404);
        assertThat(postProto(new byte[0], "Content-Encoding", "br").status()).isEqualTo(415);
    }

    @Test
    void invalidSpansAreRejectedThroughPartialSuccessAndTheRestStored() throws Exception {
        byte[] trace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        byte[] goodId = OtlpRequests.randomId(random, 8);
        Span good = OtlpRequests.span(trace, goodId, "good", now, now + 100);
        Span zeroTrace = OtlpRequests.span(new byte[16], OtlpRequests.randomId(random, 8), "zero-trace", now, now + 1);
        Span shortSpanId = OtlpRequests.span(trace, new byte[] {1, 2, 3}, "short-id", now, now + 1);
        Span backwards = OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "backwards", now, now - 1);
        Span ancient = OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "ancient", 5, 6);
        TestHttp.Response r = postProto(OtlpRequests.request("mixed",
                List.of(good, zeroTrace, shortSpanId, backwards, ancient)).toByteArray());
        assertThat(r.status()).isEqualTo(200);
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(r.body());
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(4);
        assertThat(response.getPartialSuccess().getErrorMessage())
                .contains("rejected 4 of 5 spans")
                .contains("trace ID is all zeros")
                .contains("span ID must be 8 bytes, got 3")
                .contains("before start time");
        JsonNode spans = TestHttp.get(server.query("/api/traces/" + hex(trace))).json().at("/data/0/spans");
        assertThat(spans).hasSize(1);
        assertThat(spans.get(0).get("operationName").asText()).isEqualTo("good");
    }

    @Test
    void partialSuccessIsJsonForJsonRequests() throws Exception {
        String body = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"00000000000000000000000000000000\","
                + "\"spanId\":\"0102030405060708\",\"name\":\"x\",\"startTimeUnixNano\":\"1700000000000000000\","
                + "\"endTimeUnixNano\":\"1700000000000000001\"}]}]}]}";
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"), body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.json().at("/partialSuccess/rejectedSpans").asText()).isEqualTo("1");
        assertThat(r.json().at("/partialSuccess/errorMessage").asText()).contains("all zeros");
    }

    @Test
    void grpcMalformedMessageIsInvalidArgument() {
        assertThatThrownBy(() -> rawGrpcExport(new byte[] {0x0a, (byte) 0xff, 0x01}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("malformed ExportTraceServiceRequest");
                });
    }

    @Test
    void grpcOversizedMessageIsResourceExhausted() {
        byte[] trace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        Span big = OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "x".repeat(LIMIT + 10), now, now + 1);
        assertThatThrownBy(() -> rawGrpcExport(OtlpRequests.request("big", List.of(big)).toByteArray()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED));
    }

    @Test
    void grpcInvalidSpanIsPartialSuccess() throws Exception {
        byte[] trace = OtlpRequests.randomId(random, 16);
        long now = OtlpRequests.nowNanos();
        Span good = OtlpRequests.span(trace, OtlpRequests.randomId(random, 8), "good", now, now + 1);
        Span bad = good.toBuilder().setSpanId(ByteString.copyFrom(new byte[8])).setName("zero-span-id").build();
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(
                rawGrpcExport(OtlpRequests.request("grpc", List.of(good, bad)).toByteArray()));
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("span ID is all zeros");
    }

    @Test
    void queryRejectsMalformedTraceIdAndReportsUnknownAsJaegerErrors() throws Exception {
        TestHttp.Response bad = TestHttp.get(server.query("/api/traces/not-hex"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/code").asInt()).isEqualTo(400);
        assertThat(bad.json().at("/errors/0/msg").asText()).contains("not-hex");
        assertThat(bad.json().get("data").isNull()).isTrue();
        TestHttp.Response tooLong = TestHttp.get(server.query("/api/traces/" + "a".repeat(33)));
        assertThat(tooLong.status()).isEqualTo(400);
        TestHttp.Response unknown = TestHttp.get(server.query("/api/traces/" + "ab".repeat(16)));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().at("/errors/0/code").asInt()).isEqualTo(404);
        assertThat(unknown.json().at("/errors/0/msg").asText()).contains("trace not found");
    }

    private byte[] rawGrpcExport(byte[] body) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
                .setRequestMarshaller(new RawBytesMarshaller())
                .setResponseMarshaller(new RawBytesMarshaller())
                .build();
        return ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                body);
    }
}
