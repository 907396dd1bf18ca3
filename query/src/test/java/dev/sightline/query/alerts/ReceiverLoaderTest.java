package dev.sightline.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.query.promql.storage.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceiverLoaderTest {
    @TempDir
    Path dir;

    @Test
    void readsReceiversWithDefaults() throws Exception {
        Files.writeString(dir.resolve("receivers.yaml"), """
                receivers:
                  - name: ops
                    url: https://hooks.example/a
                    match: {severity: page}
                  - name: all
                    url: http://127.0.0.1:9/b
                    timeout: 3s
                    max_attempts: 2
                    initial_backoff: 100ms
                    bearer_token: t
                    hmac_secret: k
                """);
        List<Receiver> r = ReceiverLoader.loadFolder(dir);
        assertThat(r).hasSize(2);
        assertThat(r.get(0).timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.get(0).maxAttempts()).isEqualTo(5);
        assertThat(r.get(0).match()).isEqualTo(Map.of("severity", "page"));
        assertThat(r.get(1).timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(r.get(1).initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.get(1).bearerToken()).isEqualTo("t");
        Alert page = new Alert(Labels.of("alertname", "A", "severity", "page"), Map.of(), AlertState.FIRING, 1, 0,
                0, 0, 0);
        Alert ticket = new Alert(Labels.of("alertname", "A", "severity", "ticket"), Map.of(), AlertState.FIRING, 1,
                0, 0, 0, 0);
        assertThat(r.get(0).matches(page)).isTrue();
        assertThat(r.get(0).matches(ticket)).isFalse();
        assertThat(r.get(1).matches(ticket)).isTrue();
        assertThat(new RuleLoader(60_000).loadFolder(dir)).as("receivers.yaml is not a rule file").isEmpty();
    }

    @Test
    void badReceiversNameFileLineAndReceiver() throws Exception {
        Path f = dir.resolve("receivers.yml");
        Files.writeString(f, """
                receivers:
                  - name: ftp
                    url: ftp://example/a
                  - name: ok
                    url: http://example/a
                  - name: ok
                    url: http://example/b
                    retries: 3
                """);
        assertThatThrownBy(() -> ReceiverLoader.loadFolder(dir)).isInstanceOfSatisfying(RuleLoadException.class,
                e -> assertThat(e.errors()).containsExactly(
                        f + ":2: receiver \"ftp\": url must be an http(s) URL, got \"ftp://example/a\"",
                        f + ":6: receiver \"ok\": unknown field retries"));
    }

    @Test
    void payloadHelpers() {
        assertThat(WebhookPayload.fingerprint(Labels.of("alertname", "A")))
                .isEqualTo(WebhookPayload.fingerprint(Labels.of("alertname", "A"))).matches("[0-9a-f]{16}")
                .isNotEqualTo(WebhookPayload.fingerprint(Labels.of("alertname", "B")));
        assertThat(WebhookNotifier.hmac("key", "The quick brown fox jumps over the lazy dog".getBytes()))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }
}
