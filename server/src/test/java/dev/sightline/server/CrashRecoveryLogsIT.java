package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable, for logs: concurrent clients export log records to the server running as a child
 * process, the process is killed with SIGKILL mid-stream (twice), and after a restart a search finds every
 * acknowledged record exactly once.
 */
class CrashRecoveryLogsIT {
    private static final int RECORDS_PER_BATCH = 5;
    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedRecordSurvivesKillNineExactlyOnce() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("CrashRecoveryLogsIT seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Path data = tmp.resolve("data");
        long startedAt = OtlpRequests.nowNanos();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Random seeds = new Random(seed);
        for (int cycle = 0; cycle < 2; cycle++) {
            ChildServer server = ChildServer.start(data, tmp.resolve("server-" + cycle + ".log"));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                long clientSeed = seeds.nextLong();
                String name = "c" + cycle + "x" + c;
                clients.submit(() -> send(server, name, new Random(clientSeed), stop, acknowledged));
            }
            // Kill mid-stream, once this cycle has acknowledged exports (a busy machine can make the server slow).
            int before = acknowledged.size();
            long deadline = System.nanoTime() + 60_000_000_000L;
            Thread.sleep(1500 + seeds.nextInt(1000));
            while (acknowledged.size() < before + 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            server.kill(); // mid-stream: requests are in flight
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("records acknowledged before the kills").hasSizeGreaterThan(100);
        try (ChildServer server = ChildServer.start(data, tmp.resolve("server-final.log"))) {
            String params = "query=service:crash-logs&order=asc&start=" + (startedAt - 60_000_000_000L) + "&end="
                    + (OtlpRequests.nowNanos() + 60_000_000_000L);
            List<JsonNode> found = LogSearches.awaitRecords(server.query(""), params, acknowledged.size());
            List<String> ids = new ArrayList<>();
            found.forEach(r -> ids.add(r.at("/attributes/rid").asText()));
            assertThat(ids).as("records found after two kills").doesNotHaveDuplicates().containsAll(acknowledged);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) WAL records replayed\\)")
                    .matcher(server.logText());
            assertThat(m.find()).as("start-up line").isTrue();
            System.out.println("CrashRecoveryLogsIT: " + acknowledged.size() + " acknowledged, " + ids.size()
                    + " found after two kills");
        }
    }

    private static void send(ChildServer server, String client, Random random, AtomicBoolean stop,
            Set<String> acknowledged) {
        int batch = 0;
        while (!stop.get()) {
            long now = OtlpRequests.nowNanos();
            List<String> ids = new ArrayList<>();
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            for (int i = 0; i < RECORDS_PER_BATCH; i++) {
                String id = client + "-" + batch + "-" + i;
                ids.add(id);
                scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(now + random.nextInt(3))
                        .setBody(AnyValue.newBuilder().setStringValue("crash test record " + id))
                        .addAttributes(KeyValue.newBuilder().setKey("rid")
                                .setValue(AnyValue.newBuilder().setStringValue(id))));
            }
            batch++;
            ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                    .newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
                            .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue("crash-logs"))))
                    .addScopeLogs(scope)).build();
            try {
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), request.toByteArray(),
                        "Content-Type", "application/x-protobuf");
                if (r.status() == 200) {
                    acknowledged.addAll(ids);
                }
            } catch (Exception e) {
                // the server died mid-request: not acknowledged
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }
}
