package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention drops whole days of logs once they are older than {@code logs.retention}; newer days stay
 * intact and searchable.
 */
class LogsRetentionIT {
    private static final long DAY = 86_400_000_000_000L;
    private static final DateTimeFormatter FOLDER = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    @TempDir
    Path data;

    @Test
    void daysPastRetentionAreDeletedAndTheRestKept() throws Exception {
        long now = OtlpRequests.nowNanos();
        long[] times = {now - 6 * DAY, now - 4 * DAY, now - DAY, now - 60_000_000_000L};
        ScopeLogs.Builder scope = ScopeLogs.newBuilder();
        for (int i = 0; i < times.length; i++) {
            scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(times[i])
                    .setBody(AnyValue.newBuilder().setStringValue("retained" + i)));
        }
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(scope)).build();
        try (InProcessServer server = InProcessServer.start(data, "--logs.retention=2d",
                "--storage.checkpoint_interval=100ms")) {
            TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), request.toByteArray(),
                    "Content-Type", "application/x-protobuf");
            assertThat(r.status()).isEqualTo(200);
            String all = "start=" + (now - 10 * DAY) + "&end=" + (now + 1) + "&order=asc";
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                    bodies(LogSearches.all(server.query(""), all, 100)).equals(List.of("retained2", "retained3")));
            for (int i = 0; i < times.length; i++) {
                String day = FOLDER.format(Instant.ofEpochSecond(0, times[i]));
                assertThat(Files.exists(data.resolve("logs").resolve(day))).as("folder of record %d", i)
                        .isEqualTo(i >= 2);
            }
        }
    }

    private static List<String> bodies(List<JsonNode> records) {
        return records.stream().map(n -> n.get("body").asText()).toList();
    }
}
