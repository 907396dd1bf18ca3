package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server reloads its rules folder on SIGHUP, as Prometheus does. */
class AlertingSighupIT {
    @TempDir
    Path tmp;

    @Test
    void sighupReloadsTheRules() throws Exception {
        Path rules = Files.createDirectories(tmp.resolve("rules"));
        try (ChildServer server = ChildServer.start(tmp.resolve("data"), tmp.resolve("server.log"),
                "--alerting.rules_dir=" + rules)) {
            assertThat(TestHttp.get(server.query("/api/v1/rules")).json().at("/data/groups")).isEmpty();
            Files.writeString(rules.resolve("r.yml"),
                    "groups:\n  - name: after-hup\n    rules:\n      - alert: A\n        expr: vector(1)\n");
            server.signal("HUP");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    TestHttp.get(server.query("/api/v1/rules")).json().at("/data/groups/0/name").asText())
                    .isEqualTo("after-hup"));
        }
    }
}
