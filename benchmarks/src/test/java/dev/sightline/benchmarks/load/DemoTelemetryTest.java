package dev.sightline.benchmarks.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.ingest.otlp.LogValidation;
import dev.sightline.ingest.otlp.MetricValidation;
import dev.sightline.ingest.otlp.TraceValidation;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoTelemetryTest {
    private static final long NOW = 1_767_225_600_000_000_000L; // 2026-01-01T00:00:00Z

    @Test
    void everyTraceLogAndMetricPassesIngestValidationAndSpansFourServices() {
        DemoTelemetry shop = new DemoTelemetry(7, NOW - 60_000_000_000L);
        Set<String> services = new HashSet<>();
        boolean sawError = false;
        for (int i = 0; i < 200; i++) {
            DemoTelemetry.Request r = shop.trace(NOW + i * 200_000_000L);
            TraceValidation t = TraceValidation.of(r.traces(), Duration.ofDays(3650));
            assertThat(t.rejectedSpans()).as(t.errorMessage()).isZero();
            assertThat(t.acceptedSpans()).isEqualTo(5);
            LogValidation l = LogValidation.of(r.logs());
            assertThat(l.rejectedRecords()).as(l.errorMessage()).isZero();
            r.traces().getResourceSpansList().forEach(rs -> services.add(rs.getResource().getAttributes(0)
                    .getValue().getStringValue()));
            sawError |= r.error();
        }
        assertThat(services).containsExactlyInAnyOrder(DemoTelemetry.SERVICES);
        assertThat(sawError).as("about one request in 20 fails, so errors show up").isTrue();
        MetricValidation m = MetricValidation.of(shop.metrics(NOW + 60_000_000_000L));
        assertThat(m.rejectedPoints()).as(m.errorMessage()).isZero();
        assertThat(m.acceptedPoints()).isGreaterThan(8);
    }

    @Test
    void optionsAreCheckedAndNamed() {
        DemoMode.Options o = DemoMode.Options.parse(new String[] {"--demo", "--endpoint", "http://sightline:4318/",
            "--rate=2.5"});
        assertThat(o.endpoint().toString()).isEqualTo("http://sightline:4318");
        assertThat(o.rate()).isEqualTo(2.5);
        assertThatThrownBy(() -> DemoMode.Options.parse(new String[] {"--demo", "--rate", "0"}))
                .hasMessageContaining("got 0.0");
        assertThatThrownBy(() -> DemoMode.Options.parse(new String[] {"--demo", "--signal", "logs"}))
                .hasMessageContaining("unknown option --signal");
    }
}
