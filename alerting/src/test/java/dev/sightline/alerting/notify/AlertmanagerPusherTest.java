package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.alerting.Alert;
import dev.sightline.alerting.AlertListener.Evaluation;
import dev.sightline.alerting.AlertState;
import dev.sightline.storage.model.Labels;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Prometheus' resend rule on a clock the test moves, against a fake Alertmanager. */
class AlertmanagerPusherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;
    private static final Labels LABELS = Labels.of("alertname", "A", "job", "api");

    private final AtomicLong clock = new AtomicLong(T0);
    private final List<JsonNode> pushes = new CopyOnWriteArrayList<>();
    private HttpServer am;
    private AlertmanagerPusher pusher;

    @BeforeEach
    void start() throws Exception {
        am = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        am.createContext("/prefix/api/v2/alerts", ex -> {
            pushes.add(JSON.readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        am.start();
        pusher = new AlertmanagerPusher(List.of("http://127.0.0.1:" + am.getAddress().getPort() + "/prefix/"),
                Duration.ofSeconds(5), Duration.ofMinutes(1), "http://sightline", clock::get).start();
    }

    @AfterEach
    void stop() {
        pusher.close();
        am.stop(0);
    }

    private void evaluate(Alert... alerts) {
        pusher.evaluated(new Evaluation("g", "A", "up == 0", 15_000, clock.get(), List.of(), List.of(alerts)));
    }

    private static Alert alert(AlertState s, long resolvedAt) {
        return new Alert(LABELS, Map.of("summary", "down"), s, 0, T0, s == AlertState.PENDING ? 0 : T0, resolvedAt,
                0);
    }

    @Test
    void firingAlertsAreResentEveryResendDelayAndResolvedOnesOnceWithEndsAt() {
        evaluate(alert(AlertState.PENDING, 0));
        evaluate(alert(AlertState.FIRING, 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> pushes.size() == 1);
        JsonNode a = pushes.getFirst().get(0);
        assertThat(JSON.convertValue(a.get("labels"), Map.class)).isEqualTo(Map.of("alertname", "A", "job", "api"));
        assertThat(a.at("/annotations/summary").asText()).isEqualTo("down");
        assertThat(a.get("startsAt").asText()).isEqualTo(WebhookPayload.time(T0));
        assertThat(a.get("endsAt").asText()).as("valid for 4 resend delays").isEqualTo(WebhookPayload.time(T0 + 4 * 60_000));
        assertThat(a.get("generatorURL").asText()).isEqualTo("http://sightline/api/v1/query?query=up+%3D%3D+0");

        for (int i = 0; i < 3; i++) {
            clock.addAndGet(15_000);
            evaluate(alert(AlertState.FIRING, 0));
        }
        clock.addAndGet(15_000);
        evaluate(alert(AlertState.FIRING, 0)); // one resend delay after the first push
        await().atMost(Duration.ofSeconds(10)).until(() -> pushes.size() == 2);

        clock.addAndGet(15_000);
        long resolvedAt = clock.get();
        evaluate(alert(AlertState.INACTIVE, resolvedAt));
        await().atMost(Duration.ofSeconds(10)).until(() -> pushes.size() == 3);
        assertThat(pushes.get(2).get(0).get("endsAt").asText()).isEqualTo(WebhookPayload.time(resolvedAt));
        clock.addAndGet(15_000);
        evaluate(alert(AlertState.INACTIVE, resolvedAt));
        // a new alert goes through the same FIFO queue: had the resolved one been queued again, it came first
        evaluate(new Alert(Labels.of("alertname", "B"), Map.of(), AlertState.FIRING, 1, clock.get(), clock.get(), 0,
                0));
        await().atMost(Duration.ofSeconds(10)).until(() -> pushes.size() >= 4);
        assertThat(pushes).as("a resolved alert is not pushed again within the resend delay").hasSize(4);
        assertThat(pushes.get(3).findValuesAsText("alertname")).containsExactly("B");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedNamingIt() {
        assertThatThrownBy(() -> new AlertmanagerPusher(List.of("ftp://am"), Duration.ofSeconds(1),
                Duration.ofMinutes(1), "", clock::get)).hasMessage("alertmanager URL must be http(s), got \"ftp://am\"");
    }
}
