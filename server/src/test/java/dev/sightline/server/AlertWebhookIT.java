package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook notifications from the real server to a real HTTP receiver in the test. */
class AlertWebhookIT {
    private record Received(byte[] body, String authorization, String signature, String contentType) {
    }

    @TempDir
    Path data;

    @TempDir
    Path rules;

    private HttpServer receiver;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failFirst = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            int status = failFirst.getAndDecrement() > 0 ? 503 : 200;
            if (status == 200) {
                received.add(new Received(body, ex.getRequestHeaders().getFirst("Authorization"),
                        ex.getRequestHeaders().getFirst("X-Sightline-Signature"),
                        ex.getRequestHeaders().getFirst("Content-Type")));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.createContext("/refuse", ex -> {
            ex.getRequestBody().readAllBytes();
            refused.incrementAndGet();
            ex.sendResponseHeaders(400, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void firingAndResolvedPayloadsWithRetryBearerAndSignature() throws Exception {
        failFirst.set(2);
        int port = receiver.getAddress().getPort();
        Files.writeString(rules.resolve("receivers.yaml"), """
                route:
                  group_wait: 0s
                  group_interval: 1s
                receivers:
                  - name: ops
                    url: http://127.0.0.1:%d/hook
                    timeout: 2s
                    initial_backoff: 50ms
                    max_attempts: 5
                    bearer_token: t0ken
                    hmac_secret: s3cret
                  - name: refusing
                    url: http://127.0.0.1:%d/refuse
                    initial_backoff: 50ms
                    match:
                      severity: page
                  - name: other-team
                    url: http://127.0.0.1:%d/hook
                    match:
                      severity: ticket
                """.formatted(port, port, port));
        try (InProcessServer s = InProcessServer.start(data, "--alerting.rules_dir=" + rules,
                "--alerting.external_url=http://sightline.example")) {
            // the rules arrive once the server runs, so a slow start cannot eat the alert's short life
            long until = Instant.now().getEpochSecond() + 5;
            Files.writeString(rules.resolve("rules.yml"), """
                    groups:
                      - name: webhook
                        interval: 1s
                        rules:
                          - alert: ShortLived
                            expr: vector(time()) < %d
                            labels:
                              severity: page
                            annotations:
                              summary: "until {{ $value | humanize }}"
                    """.formatted(until));
            assertThat(TestHttp.post(s.query("/-/reload"), new byte[0]).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 2);
            assertThat(requests.get()).as("two 503s, then the firing and the resolved notice").isEqualTo(4);
            assertThat(received).hasSize(2);

            Received firing = received.get(0);
            assertThat(firing.authorization()).isEqualTo("Bearer t0ken");
            assertThat(firing.contentType()).isEqualTo("application/json");
            assertThat(firing.signature()).isEqualTo("sha256=" + hmac("s3cret", firing.body()));
            JsonNode p = TestHttp.JSON.readTree(firing.body());
            assertThat(p.get("version").asText()).isEqualTo("4");
            // no route receiver: each receiver is a child route of the root with its match (none here)
            assertThat(p.get("groupKey").asText()).isEqualTo("{}/{}:{alertname=\"ShortLived\"}");
            assertThat(p.get("status").asText()).isEqualTo("firing");
            assertThat(p.get("receiver").asText()).isEqualTo("ops");
            assertThat(TestHttp.JSON.convertValue(p.get("groupLabels"), Map.class))
                    .isEqualTo(Map.of("alertname", "ShortLived"));
            assertThat(TestHttp.JSON.convertValue(p.get("commonLabels"), Map.class))
                    .isEqualTo(Map.of("alertname", "ShortLived", "severity", "page"));
            assertThat(p.at("/commonAnnotations/summary").asText()).startsWith("until ");
            assertThat(p.get("externalURL").asText()).isEqualTo("http://sightline.example");
            assertThat(p.get("alerts")).hasSize(1);
            JsonNode a = p.at("/alerts/0");
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(TestHttp.JSON.convertValue(a.get("labels"), Map.class))
                    .isEqualTo(Map.of("alertname", "ShortLived", "severity", "page"));
            assertThat(a.at("/annotations/summary").asText()).startsWith("until ");
            Instant startsAt = Instant.parse(a.get("startsAt").asText());
            assertThat(startsAt).isBefore(Instant.ofEpochSecond(until + 1));
            assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(a.get("generatorURL").asText()).startsWith("http://sightline.example/api/v1/query?query=");
            assertThat(a.get("fingerprint").asText()).matches("[0-9a-f]{16}");

            Received resolvedNotice = received.get(1);
            assertThat(resolvedNotice.signature()).isEqualTo("sha256=" + hmac("s3cret", resolvedNotice.body()));
            JsonNode r = TestHttp.JSON.readTree(resolvedNotice.body());
            assertThat(r.get("status").asText()).isEqualTo("resolved");
            assertThat(r.at("/alerts/0/status").asText()).isEqualTo("resolved");
            assertThat(r.at("/alerts/0/fingerprint").asText()).isEqualTo(a.get("fingerprint").asText());
            assertThat(r.at("/alerts/0/startsAt").asText()).isEqualTo(a.get("startsAt").asText());
            assertThat(Instant.parse(r.at("/alerts/0/endsAt").asText())).isAfter(startsAt);

            // 4xx is final: one request per notification (firing, resolved), never retried
            await().atMost(Duration.ofSeconds(5)).during(Duration.ofMillis(500)).until(() -> refused.get() == 2);

            // every state change is in the history, citing the same alert
            JsonNode h = TestHttp.JSON.readTree(TestHttp.get(s.query(
                    "/api/alerts/history?alertname=ShortLived&start=0")).body());
            assertThat(h.at("/data/entries").findValuesAsText("state")).containsExactly("resolved", "firing");
            assertThat(h.at("/data/entries/1/labels/severity").asText()).isEqualTo("page");
            assertThat(h.at("/data/entries/1/annotations/summary").asText()).startsWith("until ");
        }
    }

    @Test
    void aReceiverThatHangsDoesNotHoldUpAnother() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger hanging = new AtomicInteger();
        HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slow.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        slow.createContext("/hang", ex -> {
            ex.getRequestBody().readAllBytes();
            hanging.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        slow.start();
        Files.writeString(rules.resolve("receivers.yaml"), """
                route:
                  receiver: both
                  group_wait: 0s
                  routes:
                    - receiver: stuck
                      continue: true
                    - receiver: ops
                receivers:
                  - {name: both, url: "http://127.0.0.1:%d/hook"}
                  - {name: stuck, url: "http://127.0.0.1:%d/hang", timeout: 60s}
                  - {name: ops, url: "http://127.0.0.1:%d/hook"}
                """.formatted(receiver.getAddress().getPort(), slow.getAddress().getPort(),
                receiver.getAddress().getPort()));
        Files.writeString(rules.resolve("rules.yml"), """
                groups:
                  - name: always
                    interval: 1s
                    rules:
                      - alert: Always
                        expr: vector(1)
                """);
        try (InProcessServer s = InProcessServer.start(data, "--alerting.rules_dir=" + rules)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> hanging.get() == 1 && received.size() == 1);
            JsonNode p = TestHttp.JSON.readTree(received.getFirst().body());
            assertThat(p.get("receiver").asText()).isEqualTo("ops");
            assertThat(p.get("groupKey").asText()).isEqualTo("{}/{}:{alertname=\"Always\"}");
            assertThat(hanging.get()).as("the stuck receiver's request is still open").isEqualTo(1);
        } finally {
            release.countDown();
            slow.stop(0);
        }
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
