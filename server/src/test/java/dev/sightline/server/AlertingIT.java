package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerting endpoints of the real server: rules loaded from the folder, evaluated, reloaded. */
class AlertingIT {
    @TempDir
    Path data;

    @TempDir
    Path rules;

    @Test
    void rulesFireAndReloadKeepsPreviousRulesOnError() throws Exception {
        Files.writeString(rules.resolve("always.yml"), """
                groups:
                  - name: always
                    interval: 1s
                    rules:
                      - alert: AlwaysOn
                        expr: vector(42)
                        labels:
                          severity: info
                        annotations:
                          summary: "value {{ $value | humanize }} at {{ $externalURL }}"
                """);
        try (InProcessServer s = InProcessServer.start(data, "--alerting.rules_dir=" + rules,
                "--alerting.external_url=http://sightline.example/")) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(TestHttp.get(s.query("/api/v1/alerts")).json().at("/data/alerts")).hasSize(1));
            JsonNode alert = TestHttp.get(s.query("/api/v1/alerts")).json().at("/data/alerts/0");
            assertThat(alert.at("/labels/alertname").asText()).isEqualTo("AlwaysOn");
            assertThat(alert.at("/labels/severity").asText()).isEqualTo("info");
            assertThat(alert.at("/annotations/summary").asText()).isEqualTo("value 42 at http://sightline.example");
            assertThat(alert.get("state").asText()).isEqualTo("firing");
            assertThat(alert.get("value").asText()).isEqualTo("4.2e+01");

            JsonNode group = TestHttp.get(s.query("/api/v1/rules")).json().at("/data/groups/0");
            assertThat(group.get("name").asText()).isEqualTo("always");
            assertThat(group.get("interval").asDouble()).isEqualTo(1);
            assertThat(group.at("/rules/0/health").asText()).isEqualTo("ok");
            assertThat(group.at("/rules/0/state").asText()).isEqualTo("firing");

            Files.writeString(rules.resolve("broken.yml"),
                    "groups:\n  - name: broken\n    rules:\n      - alert: Broken\n        expr: rate(x[5m]\n");
            TestHttp.Response bad = TestHttp.post(s.query("/-/reload"), new byte[0]);
            assertThat(bad.status()).isEqualTo(500);
            assertThat(bad.text()).contains(rules.resolve("broken.yml") + ":4: group \"broken\": rule \"Broken\"");
            assertThat(TestHttp.get(s.query("/api/v1/rules")).json().at("/data/groups")).hasSize(1);

            Files.delete(rules.resolve("broken.yml"));
            Files.writeString(rules.resolve("more.yml"),
                    "groups:\n  - name: more\n    rules:\n      - record: r:one\n        expr: vector(1)\n");
            assertThat(TestHttp.post(s.query("/-/reload"), new byte[0]).status()).isEqualTo(200);
            assertThat(TestHttp.get(s.query("/api/v1/rules")).json().at("/data/groups")).hasSize(2);
            assertThat(TestHttp.get(s.query("/api/v1/alerts")).json().at("/data/alerts")).hasSize(1);
        }
    }
}
