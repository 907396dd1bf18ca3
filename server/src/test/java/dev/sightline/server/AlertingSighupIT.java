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

    /** True when this process ignores SIGHUP (started under nohup): a child then inherits the ignore. */
    static boolean sighupIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 1L) != 0; // SIGHUP is signal 1
            }
        }
        return false;
    }

    @Test
    void sighupReloadsTheRules() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sighupIgnored(),
                "skipped: SIGHUP is ignored in this environment (started under nohup?), so the server never sees it");
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
