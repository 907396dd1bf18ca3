package dev.sightline.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.logs.LogIndex;
import dev.sightline.storage.logs.LogLimits;
import dev.sightline.storage.logs.LogSearcher;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log rules: a log query counted over a window, the same state machine, log lines as evidence. */
class LogRulesTest {
    private static final long MIN = 60_000;
    private static final long T0 = System.currentTimeMillis() / MIN * MIN - 60 * MIN;

    @TempDir
    Path dir;

    @TempDir
    Path logsDir;

    private final AtomicLong clock = new AtomicLong(T0);
    private LogIndex index;
    private LogSearcher searcher;
    private RuleManager manager;
    private long lsn;

    @BeforeEach
    void open() throws Exception {
        index = LogIndex.open(logsDir, 3_600_000, CorrelationKeys.DEFAULT);
        searcher = index.searcher(LogLimits.DEFAULT);
    }

    @AfterEach
    void close() {
        if (manager != null) {
            manager.close();
        }
        index.close();
    }

    private static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    /** {@code n} records of {@code service} at the clock's time (several in one millisecond). */
    private void log(String service, String severity, String body, int n, byte[] traceId) throws Exception {
        ScopeLogs.Builder sl = ScopeLogs.newBuilder();
        for (int i = 0; i < n; i++) {
            LogRecord.Builder r = LogRecord.newBuilder().setTimeUnixNano(clock.get() * 1_000_000L)
                    .setSeverityText(severity).setBody(AnyValue.newBuilder().setStringValue(body + " #" + i));
            if (traceId != null) {
                r.setTraceId(ByteString.copyFrom(traceId));
            }
            sl.addLogRecords(r);
        }
        index.apply(++lsn, Signal.LOGS, ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", service))).addScopeLogs(sl))
                .build());
        index.refreshNow();
    }

    private AlertingRule rules(String expr, String extra) throws Exception {
        Files.writeString(dir.resolve("logs.yml"), """
                groups:
                  - name: logs
                    interval: 1m
                    rules:
                      - alert: CheckoutErrors
                        expr: %s
                %s
                        labels:
                          service: checkout
                        annotations:
                          summary: "{{ $value }} checkout errors in 5m"
                """.formatted(expr, extra));
        manager = new RuleManager(dir, MIN, new InMemorySeriesSource(), clock::get, "http://sightline",
                new LogEvidence(Evidence.NONE, searcher)).readLogsFrom(searcher);
        manager.reload();
        return (AlertingRule) manager.groups().getFirst().rules().getFirst();
    }

    @Test
    void moreThanAThresholdOfMatchingRecordsInTheWindowFiresAfterForWithLogLinesAsEvidence() throws Exception {
        byte[] trace = new byte[16];
        trace[0] = 0x4b;
        trace[15] = 1;
        AlertingRule r = rules("'count_over_time({__logs__=\"severity:ERROR AND service:checkout\"}[5m]) > 10'",
                "        for: 1m");
        log("checkout", "ERROR", "payment declined", 6, trace);
        log("cart", "ERROR", "cart broken", 20, null);
        log("checkout", "INFO", "fine", 20, null);
        manager.evaluateDue();
        assertThat(r.alerts()).as("6 matching records are not more than 10").isEmpty();

        clock.addAndGet(MIN);
        log("checkout", "ERROR", "payment declined", 6, trace);
        manager.evaluateDue();
        assertThat(r.alerts()).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo(AlertState.PENDING);
            assertThat(a.value()).isEqualTo(12);
        });

        clock.addAndGet(MIN);
        manager.evaluateDue();
        Alert a = r.alerts().getFirst();
        assertThat(a.state()).isEqualTo(AlertState.FIRING);
        assertThat(a.labels().get("service")).isEqualTo("checkout");
        assertThat(a.annotations().get("summary")).isEqualTo("12 checkout errors in 5m");
        String hex = HexFormat.of().formatHex(trace);
        assertThat(a.annotations().get("evidence_log_lines").split("\n")).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("ERROR checkout: payment declined #")
                        .endsWith("trace_id=" + hex));
        assertThat(a.annotations().get("evidence_trace_ids")).isEqualTo(hex);
        assertThat(a.annotations().get("evidence_url")).isEqualTo("http://sightline/trace/" + hex);

        clock.addAndGet(5 * MIN);
        manager.evaluateDue();
        assertThat(r.alerts().getFirst().state()).as("the records left the window").isEqualTo(AlertState.INACTIVE);
    }

    @Test
    void badLogSelectorsAreLoadErrorsNamingFileRuleAndReason() throws Exception {
        assertThatThrownBy(() -> rules("'count_over_time({__logs__=\"severity:(ERROR\"}[5m]) > 1'", ""))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("logs.yml:5: group \"logs\": rule \"CheckoutErrors\": log query \"severity:(ERROR\"")
                .hasMessageContaining("does not parse");
        assertThatThrownBy(() -> rules("'{__logs__=\"severity:ERROR\"} > 1'", ""))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("rule \"CheckoutErrors\": log selector")
                .hasMessageContaining("needs a window");
        assertThatThrownBy(() -> rules("'count_over_time({__logs__=\"x\", job=\"a\"}[5m]) > 1'", ""))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("must have exactly one matcher");
        assertThatThrownBy(() -> rules("'count_over_time({__logs__=~\"x\"}[5m]) > 1'", ""))
                .isInstanceOf(RuleLoadException.class)
                .hasMessageContaining("must have exactly one matcher");
    }

    @Test
    void theEngineCountsRecordsInTheSameMillisecondSeparately() throws Exception {
        log("checkout", "ERROR", "x", 7, null);
        List<LogSelectors.LogSelector> s = LogSelectors.of(
                dev.sightline.query.promql.parser.Parser.parse("count_over_time({__logs__=`severity:ERROR`}[1m])"));
        assertThat(s).containsExactly(new LogSelectors.LogSelector("severity:ERROR", MIN));
        AlertingRule r = rules("'count_over_time({__logs__=`severity:ERROR`}[1m]) == 7'", "");
        manager.evaluateDue();
        assertThat(r.alerts()).hasSize(1);
    }
}
