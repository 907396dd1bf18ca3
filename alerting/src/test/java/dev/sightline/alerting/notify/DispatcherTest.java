package dev.sightline.alerting.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Alertmanager's grouping and timing, driven by a clock the test moves. */
class DispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long S = 1000;
    private static final long MIN = 60 * S;
    private static final long T0 = 1_700_000_000_000L;

    private final AtomicLong ids = new AtomicLong(1);
    private long now = T0;

    private Dispatcher dispatcher(String yaml) {
        List<String> errors = new ArrayList<>();
        NotifyConfig c = NotifyConfigLoader.load("receivers.yaml", yaml, errors);
        assertThat(errors).isEmpty();
        Dispatcher d = new Dispatcher("http://sightline", ids::getAndIncrement);
        d.configure(c, now);
        return d;
    }

    private static final String DEFAULTS = """
            route:
              receiver: ops
              group_by: [alertname]
            receivers:
              - name: ops
                url: http://127.0.0.1:9/ops
            """;

    private static NotifyAlert firing(long startsAt, long validUntil, String... labels) {
        return new NotifyAlert(Labels.of(labels), Map.of("summary", "s"), 1, startsAt, 0, validUntil, "http://g");
    }

    private static NotifyAlert resolved(long startsAt, long endsAt, String... labels) {
        return new NotifyAlert(Labels.of(labels), Map.of("summary", "s"), 1, startsAt, endsAt, 0, "http://g");
    }

    private List<JsonNode> flush(Dispatcher d) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Notification n : d.flushDue(now)) {
            out.add(JSON.readTree(n.body()));
        }
        return out;
    }

    /** The rules report a firing alert every minute, so it stays valid; this mimics one evaluation. */
    private void report(Dispatcher d, String... labels) {
        d.put(firing(T0, now + 4 * MIN, labels), now);
    }

    @Test
    void groupsByTheGroupByLabelsAndWaitsGroupWaitBeforeTheFirstNotification() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        report(d, "alertname", "HighErrors", "job", "api");
        report(d, "alertname", "HighErrors", "job", "web");
        report(d, "alertname", "DiskFull", "job", "db");
        now += 29 * S;
        assertThat(flush(d)).as("group_wait (30s) has not passed").isEmpty();
        now += S;
        List<JsonNode> sent = flush(d);
        assertThat(sent).hasSize(2);
        JsonNode high = sent.stream().filter(n -> n.at("/groupLabels/alertname").asText().equals("HighErrors"))
                .findFirst().orElseThrow();
        assertThat(high.get("groupKey").asText()).isEqualTo("{}:{alertname=\"HighErrors\"}");
        assertThat(high.get("receiver").asText()).isEqualTo("ops");
        assertThat(high.get("status").asText()).isEqualTo("firing");
        assertThat(high.get("alerts")).hasSize(2);
        assertThat(high.at("/alerts/0/labels/job").asText()).isEqualTo("api");
        assertThat(high.at("/alerts/1/labels/job").asText()).isEqualTo("web");
        assertThat(high.at("/commonLabels")).hasSize(1);
        assertThat(high.at("/commonAnnotations/summary").asText()).isEqualTo("s");
        assertThat(flush(d)).as("nothing is due right after a flush").isEmpty();
    }

    @Test
    void groupKeyNamesTheRouteAndEveryGroupLabel() throws Exception {
        Dispatcher d = dispatcher("""
                route:
                  receiver: ops
                  group_by: [alertname, service]
                  group_wait: 0s
                  routes:
                    - matchers: ['severity="page"']
                      receiver: pager
                receivers:
                  - {name: ops, url: "http://127.0.0.1:9/ops"}
                  - {name: pager, url: "http://127.0.0.1:9/pager"}
                """);
        report(d, "alertname", "A", "service", "checkout", "severity", "page");
        JsonNode n = flush(d).getFirst();
        assertThat(n.get("groupKey").asText()).isEqualTo("{}/{severity=\"page\"}:{alertname=\"A\", service=\"checkout\"}");
        assertThat(n.get("receiver").asText()).isEqualTo("pager");
        assertThat(JSON.convertValue(n.get("groupLabels"), Map.class))
                .isEqualTo(Map.of("alertname", "A", "service", "checkout"));
    }

    @Test
    void anAlertThatStartedLongerAgoThanGroupWaitIsSentAtOnce() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        d.put(firing(now - 5 * MIN, now + 4 * MIN, "alertname", "Old"), now);
        assertThat(flush(d)).hasSize(1);
    }

    @Test
    void changesWaitForGroupIntervalAndUnchangedGroupsRepeatAfterRepeatInterval() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        report(d, "alertname", "A", "job", "api");
        now += 30 * S;
        assertThat(flush(d)).hasSize(1);
        long first = now;

        now += MIN;
        report(d, "alertname", "A", "job", "api");
        report(d, "alertname", "A", "job", "web");
        assertThat(flush(d)).as("a new alert waits for group_interval (5m)").isEmpty();
        now = first + 5 * MIN;
        report(d, "alertname", "A", "job", "api");
        report(d, "alertname", "A", "job", "web");
        List<JsonNode> changed = flush(d);
        assertThat(changed).hasSize(1);
        assertThat(changed.getFirst().get("alerts")).hasSize(2);
        long second = now;

        // unchanged: every group_interval the group is checked, but nothing is sent before repeat_interval (4h)
        int sent = 0;
        while (now < second + 4 * 3600 * S - 5 * MIN) {
            now += 5 * MIN;
            report(d, "alertname", "A", "job", "api");
            report(d, "alertname", "A", "job", "web");
            sent += flush(d).size();
        }
        assertThat(sent).as("no repeat before 4h").isZero();
        now += 5 * MIN;
        report(d, "alertname", "A", "job", "api");
        report(d, "alertname", "A", "job", "web");
        List<JsonNode> repeat = flush(d);
        assertThat(repeat).as("repeated at the first check 4h after the last notification").hasSize(1);
        assertThat(repeat.getFirst().get("alerts")).hasSize(2);
    }

    @Test
    void resolvedAlertsAreSentWithSendResolvedAndTheGroupThenEnds() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        report(d, "alertname", "A", "job", "api");
        report(d, "alertname", "A", "job", "web");
        now += 30 * S;
        assertThat(flush(d)).hasSize(1);

        now += MIN;
        d.put(resolved(T0, now, "alertname", "A", "job", "api"), now);
        report(d, "alertname", "A", "job", "web");
        now += 4 * MIN;
        report(d, "alertname", "A", "job", "web");
        JsonNode partly = flush(d).getFirst();
        assertThat(partly.get("status").asText()).isEqualTo("firing");
        assertThat(partly.at("/alerts/0/status").asText()).isEqualTo("resolved");
        assertThat(partly.at("/alerts/0/endsAt").asText()).isEqualTo(WebhookPayload.time(T0 + 90 * S));
        assertThat(partly.at("/alerts/1/status").asText()).isEqualTo("firing");
        assertThat(partly.at("/alerts/1/endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");

        now += MIN;
        d.put(resolved(T0, now, "alertname", "A", "job", "web"), now);
        now += 4 * MIN;
        JsonNode all = flush(d).getFirst();
        assertThat(all.get("status").asText()).isEqualTo("resolved");
        assertThat(all.get("alerts")).hasSize(1);
        assertThat(d.groups()).as("a group whose alerts all resolved is gone").isEmpty();

        d.put(resolved(T0, now - 5 * MIN, "alertname", "A", "job", "web"), now);
        assertThat(d.groups()).as("the rules keep reporting resolved alerts; that is no news").isEmpty();
    }

    @Test
    void withoutSendResolvedOnlyFiringAlertsAreSentAndAllResolvedSendsNothing() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS.replace("url: http://127.0.0.1:9/ops",
                "url: http://127.0.0.1:9/ops\n    send_resolved: false"));
        report(d, "alertname", "A", "job", "api");
        report(d, "alertname", "A", "job", "web");
        now += 30 * S;
        assertThat(flush(d)).hasSize(1);
        d.put(resolved(T0, now, "alertname", "A", "job", "api"), now);
        now += 5 * MIN;
        report(d, "alertname", "A", "job", "web");
        assertThat(flush(d)).as("a firing set that only shrank is not news without send_resolved").isEmpty();
        d.put(resolved(T0, now, "alertname", "A", "job", "web"), now);
        now += 5 * MIN;
        assertThat(flush(d)).isEmpty();
        assertThat(d.groups()).isEmpty();
    }

    @Test
    void aFiringAlertTheRulesStopReportingResolvesAtItsValidUntil() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        d.put(firing(T0, T0 + 4 * MIN, "alertname", "Gone"), now);
        now += 30 * S;
        assertThat(flush(d)).hasSize(1);
        now += 5 * MIN;
        JsonNode n = flush(d).getFirst();
        assertThat(n.get("status").asText()).isEqualTo("resolved");
        assertThat(n.at("/alerts/0/endsAt").asText()).isEqualTo(WebhookPayload.time(T0 + 4 * MIN));
    }

    @Test
    void aReloadWithTheSameRoutesSendsNothingTwice() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        report(d, "alertname", "A");
        now += 30 * S;
        assertThat(flush(d)).hasSize(1);
        List<String> errors = new ArrayList<>();
        d.configure(NotifyConfigLoader.load("receivers.yaml", DEFAULTS.replace("[alertname]", "[alertname, job]"),
                errors), now);
        now += S;
        report(d, "alertname", "A");
        assertThat(flush(d)).as("the group was formed again; the notification log knows it was sent").isEmpty();
    }

    @Test
    void aReloadThatRegroupsAnAlertMovesItAndAnnouncesNoFalseResolution() throws Exception {
        Dispatcher d = dispatcher(DEFAULTS);
        report(d, "alertname", "A", "job", "api");
        now += 30 * S;
        assertThat(flush(d)).hasSize(1);
        List<String> errors = new ArrayList<>();
        d.configure(NotifyConfigLoader.load("receivers.yaml", DEFAULTS.replace("[alertname]", "[alertname, job]"),
                errors), now);
        List<JsonNode> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            report(d, "alertname", "A", "job", "api");
            now += MIN;
            sent.addAll(flush(d));
        }
        assertThat(sent).as("the alert still fires: its old group must not announce it resolved")
                .allSatisfy(n -> assertThat(n.get("status").asText()).isEqualTo("firing"));
        assertThat(sent).extracting(n -> n.get("groupKey").asText()).containsOnly("{}:{alertname=\"A\", job=\"api\"}");
    }
}
