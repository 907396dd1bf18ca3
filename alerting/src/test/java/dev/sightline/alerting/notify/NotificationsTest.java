package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertListener.Evaluation;
import dev.sightline.alerting.AlertState;
import dev.sightline.storage.model.Labels;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery with a clock the test moves and a real HTTP receiver: retries wait for the clock, and what was due
 * before a restart is delivered after it.
 */
class NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failNext = new AtomicInteger();
    private HttpServer receiver;
    private final List<Notifications> opened = new ArrayList<>();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            int status = failNext.getAndDecrement() > 0 ? 503 : 200;
            if (status == 200) {
                received.add(JSON.readTree(body));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        opened.forEach(Notifications::close);
        receiver.stop(0);
    }

    private Notifications open() throws Exception {
        Files.writeString(dir.resolve("receivers.yaml"), """
                route:
                  receiver: ops
                  group_wait: 30s
                receivers:
                  - name: ops
                    url: http://127.0.0.1:%d/hook
                    initial_backoff: 10s
                    max_attempts: 10
                """.formatted(receiver.getAddress().getPort()));
        Notifications n = new Notifications("http://sightline", clock::get, dir.resolve("data/notifications"),
                RandomGenerator.of("L64X128MixRandom"));
        opened.add(n);
        n.start();
        n.prepare(dir).run();
        return n;
    }

    private void evaluate(Notifications n, AlertState state) {
        Alert a = new Alert(Labels.of("alertname", "HighErrors", "job", "api"), Map.of("summary", "bad"), state, 7,
                T0, state == AlertState.PENDING ? 0 : T0, state == AlertState.INACTIVE ? clock.get() : 0, 0);
        n.evaluated(new Evaluation("g", "HighErrors", "errors > 5", 60_000, clock.get(), List.of(), List.of(a)));
    }

    @Test
    void retriesWaitForTheBackoffOnTheClock() throws Exception {
        failNext.set(1);
        Notifications n = open();
        evaluate(n, AlertState.FIRING);
        clock.addAndGet(30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() == 1);
        assertThat(n.queued()).as("a 503 keeps the notification queued").isEqualTo(1);
        assertThat(received).isEmpty();
        clock.addAndGet(16_000); // past the 10s backoff + at most 50% jitter
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(requests.get()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> n.queued() == 0);
        assertThat(n.delivered()).isEqualTo(1);
    }

    @Test
    void aNotificationNotAcknowledgedBeforeARestartIsDeliveredAfterIt() throws Exception {
        failNext.set(1_000);
        Notifications first = open();
        evaluate(first, AlertState.FIRING);
        clock.addAndGet(30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.get() >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.queued() == 1);
        first.close();
        assertThat(received).isEmpty();

        failNext.set(0);
        Notifications second = open();
        assertThat(second.queued()).as("restored from the state file").isEqualTo(1);
        clock.addAndGet(16_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        JsonNode p = received.getFirst();
        assertThat(p.get("groupKey").asText()).isEqualTo("{}:{alertname=\"HighErrors\"}");
        assertThat(p.at("/alerts/0/labels/job").asText()).isEqualTo("api");
        assertThat(p.at("/alerts/0/annotations/summary").asText()).isEqualTo("bad");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.queued() == 0);
    }

    @Test
    void aGroupDueBeforeARestartIsFlushedAfterItAndNotTwice() throws Exception {
        Notifications first = open();
        evaluate(first, AlertState.FIRING);
        first.close(); // stopped before group_wait ended: nothing sent yet
        assertThat(requests.get()).isZero();

        Notifications second = open();
        clock.addAndGet(30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
        assertThat(received.getFirst().get("status").asText()).isEqualTo("firing");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.queued() == 0);
        second.close();

        Notifications third = open();
        clock.addAndGet(5 * 60_000);
        evaluate(third, AlertState.FIRING); // the rules report it every interval; here once is enough
        third.tick();
        assertThat(third.queued()).as("the notification log survived the restart: no repeat").isZero();
        evaluate(third, AlertState.INACTIVE);
        clock.addAndGet(5 * 60_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
        assertThat(received.get(1).get("status").asText()).isEqualTo("resolved");
        assertThat(requests.get()).isEqualTo(2);
    }

    @Test
    void aCorruptStateFileIsIgnored() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/notifications"), "SLNOTIFY 1 00000000\n{}");
        Notifications n = open();
        assertThat(n.queued()).isZero();
        evaluate(n, AlertState.FIRING);
        clock.addAndGet(30_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    }

    @Test
    void backoffDoublesUpTo32TimesWithAtMostHalfAsMuchJitter() {
        Notifications n = new Notifications("", clock::get, null, RandomGenerator.of("L64X128MixRandom"));
        opened.add(n);
        Receiver r = new Receiver("r", java.net.URI.create("http://x"), Duration.ofSeconds(1), 10,
                Duration.ofSeconds(1), "", "", true);
        for (int failed = 1; failed <= 8; failed++) {
            long base = 1000L << Math.min(failed - 1, 5);
            assertThat(n.backoff(r, failed)).isBetween(base, base + base / 2);
        }
    }
}
