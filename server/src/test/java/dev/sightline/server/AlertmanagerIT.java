package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Alertmanager (Debian's {@code prometheus-alertmanager}) started on free ports with a temporary config and
 * storage, receiving Sightline's pushes on {@code /api/v2/alerts}; checked through Alertmanager's own API.
 * Skipped when the binary is not installed.
 */
class AlertmanagerIT {
    @TempDir
    Path data;

    @TempDir
    Path rules;

    @TempDir
    Path am;

    private Process alertmanager;
    private String amUrl;

    @BeforeEach
    void startAlertmanager() throws Exception {
        String bin = find("prometheus-alertmanager", "alertmanager");
        assumeTrue(bin != null, "skipping: Alertmanager not installed (apt-get install prometheus-alertmanager)");
        Files.writeString(am.resolve("alertmanager.yml"), """
                route:
                  receiver: blackhole
                  group_wait: 1s
                receivers:
                  - name: blackhole
                """);
        int port = freePort();
        amUrl = "http://127.0.0.1:" + port;
        alertmanager = new ProcessBuilder(bin, "--config.file=" + am.resolve("alertmanager.yml"),
                "--storage.path=" + am.resolve("storage"), "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(am.resolve("alertmanager.log").toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    assertThat(alertmanager.isAlive()).as("alertmanager exited: " + log()).isTrue();
                    return TestHttp.get(amUrl + "/-/ready").status() == 200;
                });
    }

    @AfterEach
    void stopAlertmanager() throws Exception {
        if (alertmanager != null) {
            alertmanager.destroy();
            if (!alertmanager.waitFor(10, TimeUnit.SECONDS)) {
                alertmanager.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void alertmanagerReceivesFiringAlertsWithLabelsAndAnnotationsAndTheirResolution() throws Exception {
        try (InProcessServer s = InProcessServer.start(data, "--alerting.rules_dir=" + rules,
                "--alerting.external_url=http://sightline.example", "--alerting.alertmanagers=" + amUrl)) {
            long until = Instant.now().getEpochSecond() + 8;
            Files.writeString(rules.resolve("rules.yml"), """
                    groups:
                      - name: push
                        interval: 1s
                        rules:
                          - alert: PushedToAlertmanager
                            expr: vector(time()) < %d
                            labels:
                              severity: ticket
                              team: checkout
                            annotations:
                              summary: "pushed at {{ $value | humanize }}"
                    """.formatted(until));
            assertThat(TestHttp.post(s.query("/-/reload"), new byte[0]).status()).isEqualTo(200);

            JsonNode alert = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .until(() -> find(amAlerts()), a -> a != null);
            assertThat(TestHttp.JSON.convertValue(alert.get("labels"), Map.class)).isEqualTo(Map.of(
                    "alertname", "PushedToAlertmanager", "severity", "ticket", "team", "checkout"));
            assertThat(alert.at("/annotations/summary").asText()).startsWith("pushed at ");
            assertThat(alert.get("generatorURL").asText())
                    .startsWith("http://sightline.example/api/v1/query?query=");
            assertThat(alert.at("/status/state").asText()).isEqualTo("active");
            Instant startsAt = Instant.parse(alert.get("startsAt").asText());
            assertThat(startsAt).isBefore(Instant.ofEpochSecond(until + 1));
            assertThat(Instant.parse(alert.get("endsAt").asText())).as("a firing alert is valid for a while")
                    .isAfter(startsAt.plusSeconds(60));

            // once the rule resolves it, Sightline sends endsAt = the resolution time and Alertmanager drops it
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250))
                    .until(() -> find(amAlerts()) == null);
        }
        assertThat(log()).doesNotContain("level=error");
    }

    private JsonNode amAlerts() throws Exception {
        TestHttp.Response r = TestHttp.get(amUrl + "/api/v2/alerts");
        assertThat(r.status()).isEqualTo(200);
        return TestHttp.JSON.readTree(r.body());
    }

    private static JsonNode find(JsonNode alerts) {
        for (JsonNode a : alerts) {
            if (a.at("/labels/alertname").asText().equals("PushedToAlertmanager")) {
                return a;
            }
        }
        return null;
    }

    private String log() {
        try {
            return Files.readString(am.resolve("alertmanager.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String find(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            for (String n : names) {
                Path p = Path.of(dir, n);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}
