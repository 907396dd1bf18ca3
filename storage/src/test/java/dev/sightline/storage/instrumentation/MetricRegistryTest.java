package dev.sightline.storage.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MetricRegistryTest {
    @Test
    void writesCountersGaugesAndCumulativeHistogramsInTheTextFormat() {
        MetricRegistry r = new MetricRegistry();
        Family<Counter> c = r.counter("x_total", "Things \\ counted\nby kind.", "kind");
        c.labels("b\"q").add(2);
        c.labels("a").inc();
        r.gauge("x_bytes", "Bytes.", () -> 1.5);
        Histogram h = r.histogram("x_seconds", "Latency.", new double[] {0.1, 1}).labels();
        h.observe(0.05);
        h.observe(0.1);
        h.observe(0.5);
        h.observe(7);
        assertThat(PrometheusText.write(r.snapshot())).isEqualTo("""
                # HELP x_total Things \\\\ counted\\nby kind.
                # TYPE x_total counter
                x_total{kind="a"} 1
                x_total{kind="b\\"q"} 2
                # HELP x_bytes Bytes.
                # TYPE x_bytes gauge
                x_bytes 1.5
                # HELP x_seconds Latency.
                # TYPE x_seconds histogram
                x_seconds_bucket{le="0.1"} 2
                x_seconds_bucket{le="1"} 3
                x_seconds_bucket{le="+Inf"} 4
                x_seconds_sum 7.65
                x_seconds_count 4
                """);
    }

    @Test
    void refusesBadNamesDuplicatesAndWrongLabelCounts() {
        MetricRegistry r = new MetricRegistry();
        r.counter("ok_total", "h", "signal");
        assertThatThrownBy(() -> r.counter("ok_total", "h")).hasMessageContaining("ok_total is already registered");
        assertThatThrownBy(() -> r.gauges("1bad", "h")).hasMessageContaining("got \"1bad\"");
        assertThatThrownBy(() -> r.gauges("g", "h", "le")).hasMessageContaining("got \"le\"");
        assertThatThrownBy(() -> r.histogram("h", "h", new double[] {1, 1})).hasMessageContaining("[1.0, 1.0]");
        Family<Counter> f = r.counter("two_total", "h", "a", "b");
        assertThatThrownBy(() -> f.labels("x")).hasMessageContaining("[a, b], got values [x]");
        assertThatThrownBy(() -> f.labels("x", "y").add(-1)).hasMessageContaining("-1");
    }

    @Test
    void aThrowingCallbackIsSkippedNotFatal() {
        MetricRegistry r = new MetricRegistry();
        r.gauges("g", "h", "k").add(() -> 1, "ok").add(() -> {
            throw new IllegalStateException("gone");
        }, "broken");
        assertThat(PrometheusText.write(r.snapshot())).contains("g{k=\"ok\"} 1").doesNotContain("broken");
    }
}
