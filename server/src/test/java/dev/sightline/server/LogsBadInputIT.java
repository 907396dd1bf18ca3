package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import dev.sightline.ingest.grpc.RawBytesMarshaller;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad log input and bad log query gets a clear 4xx (or gRPC status) that says what was wrong,
 * never a stack trace; valid records sent alongside invalid ones are kept; the server keeps serving.
 */
class LogsBadInputIT {
    private static final int LIMIT = 64 * 1024;
    @TempDir
    static Path data;
    static InProcessServer server;
    static ManagedChannel channel;
    private static int marker;

    @BeforeAll
    static void start() throws IOException {
        server = InProcessServer.start(data, "--ingest.max_body_size=" + LIMIT, "--query.logs_max_clauses=8");
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.server.grpcPort()).usePlaintext().build();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private static LogRecord.Builder good(String body) {
        long now = OtlpRequests.nowNanos();
        return LogRecord.newBuilder().setTimeUnixNano(now).setBody(AnyValue.newBuilder().setStringValue(body));
    }

    private static ExportLogsServiceRequest request(LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records)))).build();
    }

    private static TestHttp.Response postProto(byte[] body) throws Exception {
        return TestHttp.post(server.otlpHttp("/v1/logs"), body, "Content-Type", "application/x-protobuf");
    }

    @AfterEach
    void serverStillServes() throws Exception {
        String word = "stillup" + (++marker);
        assertThat(postProto(request(good(word).build()).toByteArray()).status()).isEqualTo(200);
        LogSearches.awaitRecords(server.query(""), "query=" + word, 1);
    }

    @Test
    void malformedBodiesAre400WithReason() throws Exception {
        TestHttp.Response proto = postProto(new byte[] {0x0a, (byte) 0xff, 0x01});
        assertThat(proto.status()).isEqualTo(400);
        assertThat(com.google.rpc.Status.parseFrom(proto.body()).getMessage())
                .contains("not a valid protobuf ExportLogsServiceRequest");
        TestHttp.Response json = TestHttp.post(server.otlpHttp("/v1/logs"), "{\"resourceLogs\": [".getBytes(
                StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertThat(json.status()).isEqualTo(400);
        assertThat(json.json().get("message").asText()).contains("not valid JSON");
        TestHttp.Response hex = TestHttp.post(server.otlpHttp("/v1/logs"), ("{\"resourceLogs\":[{\"scopeLogs\":[{"
                + "\"logRecords\":[{\"timeUnixNano\":\"1700000000000000000\",\"traceId\":\"zz\"}]}]}]}").getBytes(
                StandardCharsets.UTF_8), "Content-Type", "application/json");
        assertThat(hex.status()).isEqualTo(400);
        assertThat(hex.json().get("message").asText()).contains("resourceLogs[0].scopeLogs[0].logRecords[0].traceId");
    }

    @Test
    void oversizedBodyIs413() throws Exception {
        TestHttp.Response r = postProto(request(good("x".repeat(LIMIT + 10)).build()).toByteArray());
        assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void invalidRecordsAreRejectedThroughPartialSuccessAndTheRestStored() throws Exception {
        long now = OtlpRequests.nowNanos();
        ExportLogsServiceRequest req = request(
                good("keptrecord").build(),
                good("badtrace").setTraceId(ByteString.copyFrom(new byte[3])).build(),
                good("badspan").setSpanId(ByteString.copyFrom(new byte[9])).build(),
                LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("notime")).build(),
                good("ancient").setTimeUnixNano(5_000_000_000L).build(),
                good("future").setTimeUnixNano(now + 3 * 86_400_000_000_000L).build());
        TestHttp.Response r = postProto(req.toByteArray());
        assertThat(r.status()).isEqualTo(200);
        ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(r.body());
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(5);
        assertThat(response.getPartialSuccess().getErrorMessage()).startsWith("rejected 5 of 6 log records: ")
                .contains("trace ID must be empty or 16 bytes, got 3", "span ID must be empty or 8 bytes, got 9",
                        "time and observed time are both missing");
        LogSearches.awaitRecords(server.query(""), "query=keptrecord", 1);
        assertThat(LogSearches.search(server.query(""), "query=" + LogSearches.enc("badtrace OR badspan OR notime")
                + "&start=0&end=" + (now + 4 * 86_400_000_000_000L)).get("records")).isEmpty();
    }

    @Test
    void partialSuccessIsJsonForJsonRequests() throws Exception {
        String body = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"x\"}}]}]}]}";
        TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), body.getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().at("/partialSuccess/rejectedLogRecords").asText()).isEqualTo("1");
        assertThat(r.json().at("/partialSuccess/errorMessage").asText()).contains("both missing");
    }

    @Test
    void grpcMalformedIsInvalidArgumentAndInvalidRecordIsPartialSuccess() throws Exception {
        assertThatThrownBy(() -> rawGrpcExport(new byte[] {0x0a, (byte) 0xff, 0x01}))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("malformed ExportLogsServiceRequest");
                });
        ExportLogsServiceResponse response = ExportLogsServiceResponse.parseFrom(rawGrpcExport(request(
                good("grpckept").build(), good("grpcbad").setSpanId(ByteString.copyFrom(new byte[1])).build())
                .toByteArray()));
        assertThat(response.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("span ID must be empty or 8 bytes, got 1");
        LogSearches.awaitRecords(server.query(""), "query=grpckept", 1);
    }

    @Test
    void badQueriesAre400WithTheReasonNotAStackTrace() throws Exception {
        assertBad("/api/logs/search?query=" + LogSearches.enc("timeout AND (service:checkout"),
                "query does not parse", "after character 29");
        assertBad("/api/logs/search?query=" + LogSearches.enc("\"unterminated"), "query does not parse",
                "a quote or bracket is not closed");
        assertBad("/api/logs/search?query=" + LogSearches.enc("a AND AND b"), "unexpected \"AND\" at character 7");
        assertBad("/api/logs/search?query=" + LogSearches.enc("*rror") + "&start=now-ish", "start must be");
        assertBad("/api/logs/search?query=" + LogSearches.enc("*rror") + "&start=" + (OtlpRequests.nowNanos()
                - 7 * 86_400_000_000_000L), "wildcard");
        assertBad("/api/logs/search?query=" + LogSearches.enc("a OR b OR c OR d OR e OR f OR g OR h OR i"),
                "9 clauses", "limit of 8");
        assertBad("/api/logs/search?limit=0", "limit must be in 1..10000");
        assertBad("/api/logs/search?limit=10001", "limit must be in 1..10000");
        assertBad("/api/logs/search?order=sideways", "order must be desc or asc");
        assertBad("/api/logs/search?start=2024-03-02T00:00:00Z&end=2024-03-01T00:00:00Z", "must not be before");
        assertBad("/api/logs/search?cursor=garbage", "malformed cursor");
        assertBad("/api/logs/search?query=" + LogSearches.enc("severity_number:loud"),
                "severity_number must be an integer");
        assertBad("/api/logs/histogram?step=1ms&start=2024-03-01T00:00:00Z&end=2024-03-02T00:00:00Z", "buckets");
        assertBad("/api/logs/histogram?step=soon", "step must be a duration");
        assertBad("/api/logs/fields/body/values", "has no values list");
        assertBad("/api/traces/not-hex/logs", "malformed trace ID");
        assertThat(TestHttp.get(server.query("/api/logs/search?query=" + LogSearches.enc("*rror"))).status())
                .as("a leading wildcard on the default hour is allowed").isEqualTo(200);
    }

    private static void assertBad(String path, String... reasons) throws Exception {
        TestHttp.Response r = TestHttp.get(server.query(path));
        assertThat(r.status()).as(path + " → " + r.text()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).as(path).contains(reasons);
        assertThat(r.text()).doesNotContain("Exception", "\tat ", ".java:");
    }

    private byte[] rawGrpcExport(byte[] body) {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName("opentelemetry.proto.collector.logs.v1.LogsService/Export")
                .setRequestMarshaller(new RawBytesMarshaller())
                .setResponseMarshaller(new RawBytesMarshaller())
                .build();
        return ClientCalls.blockingUnaryCall(channel, method,
                CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), body);
    }
}
