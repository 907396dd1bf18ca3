package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
 * Acknowledged means durable: concurrent clients export traces to the server running as a child process, the
 * process is killed with SIGKILL mid-stream, and after a restart every acknowledged span is there exactly once.
 * Two crash cycles on the same data folder.
 */
class CrashRecoveryIT {
    private static final int SPANS_PER_TRACE = 5;
    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedSpanSurvivesKillNineExactlyOnce() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("CrashRecoveryIT seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Path data = tmp.resolve("data");
        Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();
        Random seeds = new Random(seed);
        int ackedBefore = 0;
        for (int cycle = 0; cycle < 2; cycle++) {
            ChildServer server = ChildServer.start(data, tmp.resolve("server-" + cycle + ".log"));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                long clientSeed = seeds.nextLong();
                clients.submit(() -> send(server, new Random(clientSeed), stop, acknowledged));
            }
            // Kill mid-stream, but only once this cycle has acknowledged exports, so there is something to replay
            // even when a busy machine makes the server slow.
            int before = ackedBefore;
            long deadline = System.nanoTime() + 60_000_000_000L;
            Thread.sleep(1500 + seeds.nextInt(1000));
            while (acknowledged.size() < before + 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            server.kill(); // mid-stream: requests are in flight
            ackedBefore = acknowledged.size();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("traces acknowledged before the kills").hasSizeGreaterThan(20);
        try (ChildServer server = ChildServer.start(data, tmp.resolve("server-final.log"))) {
            for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
                TestHttp.Response r = TestHttp.get(server.query("/api/traces/" + e.getKey()));
                assertThat(r.status()).as("trace %s after restart", e.getKey()).isEqualTo(200);
                JsonNode spans = r.json().at("/data/0/spans");
                List<String> ids = new ArrayList<>();
                spans.forEach(s -> ids.add(s.get("spanID").asText()));
                assertThat(ids).as("spans of trace %s", e.getKey())
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(e.getValue());
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\((\\d+) WAL records replayed\\)")
                    .matcher(server.logText());
            assertThat(m.find()).as("start-up line").isTrue();
            assertThat(Long.parseLong(m.group(1))).as("records replayed after kill -9").isPositive();
        }
    }

    private static void send(ChildServer server, Random random, AtomicBoolean stop,
            Map<String, Set<String>> acknowledged) {
        while (!stop.get()) {
            byte[] trace = OtlpRequests.randomId(random, 16);
            long now = OtlpRequests.nowNanos();
            List<Span> spans = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < SPANS_PER_TRACE; i++) {
                byte[] spanId = OtlpRequests.randomId(random, 8);
                spans.add(OtlpRequests.span(trace, spanId, "op-" + i, now + i, now + i + 1000));
                ids.add(hex(spanId));
            }
            try {
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/traces"),
                        OtlpRequests.request("crash-test", spans).toByteArray(), "Content-Type", "application/x-protobuf");
                if (r.status() == 200) {
                    acknowledged.put(hex(trace), ids);
                }
            } catch (Exception e) {
                // the server died mid-request: not acknowledged
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
