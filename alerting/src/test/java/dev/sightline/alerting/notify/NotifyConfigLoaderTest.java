package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.alerting.RuleLoadException;
import dev.sightline.alerting.RuleLoader;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void firstSliceFormatRoutesEachAlertToEveryReceiverItsMatchAccepts() throws Exception {
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
                    send_resolved: false
                """);
        NotifyConfig c = NotifyConfigLoader.loadFolder(dir);
        Receiver ops = c.receivers().get("ops");
        Receiver all = c.receivers().get("all");
        assertThat(ops.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ops.maxAttempts()).isEqualTo(5);
        assertThat(ops.sendResolved()).isTrue();
        assertThat(all.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(all.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(all.bearerToken()).isEqualTo("t");
        assertThat(all.sendResolved()).isFalse();
        Route root = c.root();
        assertThat(root.groupWaitMs()).isEqualTo(30_000);
        assertThat(root.groupIntervalMs()).isEqualTo(300_000);
        assertThat(root.repeatIntervalMs()).isEqualTo(4 * 3600_000);
        assertThat(root.match(Labels.of("alertname", "A", "severity", "page"))).extracting(Route::receiver)
                .containsExactly("ops", "all");
        assertThat(root.match(Labels.of("alertname", "A", "severity", "ticket"))).extracting(Route::receiver)
                .containsExactly("all");
        assertThat(root.routes().getFirst().key()).isEqualTo("{}/{severity=\"page\"}");
        assertThat(new RuleLoader(60_000).loadFolder(dir)).as("receivers.yaml is not a rule file").isEmpty();
    }

    @Test
    void routeTreeInheritsTimingAndGroupingAndStopsAtTheFirstMatchUnlessContinue() throws Exception {
        Files.writeString(dir.resolve("receivers.yaml"), """
                route:
                  receiver: ops
                  group_by: [alertname, service]
                  group_wait: 10s
                  routes:
                    - matchers: ['severity="page"', 'team=~"db|web"']
                      receiver: pager
                      group_interval: 1m
                      continue: true
                    - match_re: {severity: "page|ticket"}
                      receiver: tickets
                      group_by: ['...']
                    - match: {severity: info}
                      receiver: never
                receivers:
                  - {name: ops, url: "http://127.0.0.1:9/ops"}
                  - {name: pager, url: "http://127.0.0.1:9/pager"}
                  - {name: tickets, url: "http://127.0.0.1:9/tickets"}
                  - {name: never, url: "http://127.0.0.1:9/never"}
                """);
        Route root = NotifyConfigLoader.loadFolder(dir).root();
        Route pager = root.routes().get(0);
        Route tickets = root.routes().get(1);
        assertThat(pager.key()).isEqualTo("{}/{severity=\"page\",team=~\"db|web\"}");
        assertThat(pager.groupBy()).containsExactly("alertname", "service");
        assertThat(pager.groupWaitMs()).isEqualTo(10_000);
        assertThat(pager.groupIntervalMs()).isEqualTo(60_000);
        assertThat(pager.repeatIntervalMs()).isEqualTo(4 * 3600_000);
        assertThat(tickets.groupByAll()).isTrue();
        Labels dbPage = Labels.of("alertname", "A", "severity", "page", "team", "db");
        assertThat(root.match(dbPage)).extracting(Route::receiver).containsExactly("pager", "tickets");
        assertThat(root.match(Labels.of("alertname", "A", "severity", "ticket")))
                .extracting(Route::receiver).containsExactly("tickets");
        assertThat(root.match(Labels.of("alertname", "A", "severity", "none")))
                .extracting(Route::receiver).containsExactly("ops");
        assertThat(pager.groupLabels(dbPage.with("service", "api"))).isEqualTo(Labels.of("alertname", "A",
                "service", "api"));
    }

    @Test
    void badInputNamesFileLineAndTheBadThing() throws Exception {
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
                route:
                  receiver: ok
                  group_wait: soon
                  routes:
                    - receiver: nobody
                      repeat_interval: 0s
                    - matchers: ['severity=~"("']
                """);
        assertThatThrownBy(() -> NotifyConfigLoader.loadFolder(dir)).isInstanceOfSatisfying(RuleLoadException.class,
                e -> assertThat(e.errors()).containsExactly(
                        f + ":2: receiver \"ftp\": url must be an http(s) URL, got \"ftp://example/a\"",
                        f + ":6: receiver \"ok\": unknown field retries",
                        f + ":10: route: group_wait must be a duration such as 30s or 5m, got \"soon\"",
                        f + ":10: route.routes[0]: receiver \"nobody\" is not defined in receivers (defined: [ok])",
                        f + ":10: route.routes[0]: repeat_interval must be a positive duration such as 30s or 5m,"
                                + " got \"0s\"",
                        f + ":10: route.routes[1]: matchers: invalid regex \"(\" for label severity: missing closing )"));
    }

    @Test
    void matchersParseAsAlertmanagerWritesThem() {
        List<Matcher> ms = MatcherText.parseSet("{severity=\"page\", team=~\"db|web\", env!=prod, x!~\"a,b\"}");
        assertThat(ms).extracting(Matcher::toString).containsExactly("severity=\"page\"", "team=~\"db|web\"",
                "env!=\"prod\"", "x!~\"a,b\"");
        Labels l = Labels.of("severity", "page", "team", "web", "env", "dev");
        assertThat(Matcher.matchAll(ms, l)).isTrue();
        assertThat(Matcher.matchAll(ms, l.with("team", "dbx"))).isFalse();
        assertThatThrownBy(() -> MatcherText.parse("severity"))
                .hasMessageContaining("not a label matcher: \"severity\"");
    }

    @Test
    void payloadHelpers() {
        assertThat(NotifyAlert.fingerprint(Labels.of("alertname", "A")))
                .isEqualTo(NotifyAlert.fingerprint(Labels.of("alertname", "A"))).matches("[0-9a-f]{16}")
                .isNotEqualTo(NotifyAlert.fingerprint(Labels.of("alertname", "B")));
        assertThat(WebhookSender.hmac("key", "The quick brown fox jumps over the lazy dog".getBytes()))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }
}
