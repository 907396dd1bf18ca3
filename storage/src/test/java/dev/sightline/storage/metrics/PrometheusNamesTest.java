package dev.sightline.storage.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OpenTelemetry → Prometheus naming rules. */
class PrometheusNamesTest {
    @Test
    void metricNames() {
        assertThat(PrometheusNames.metricName("http.server.request.duration", "s", false, false))
                .isEqualTo("http_server_request_duration_seconds");
        assertThat(PrometheusNames.metricName("requests", "{request}", true, false)).isEqualTo("requests_total");
        assertThat(PrometheusNames.metricName("requests_total", "1", true, false)).isEqualTo("requests_total");
        assertThat(PrometheusNames.metricName("cpu.utilization", "1", false, true)).isEqualTo("cpu_utilization_ratio");
        assertThat(PrometheusNames.metricName("net.io", "By/s", false, true)).isEqualTo("net_io_bytes_per_second");
        assertThat(PrometheusNames.metricName("memory.usage.bytes", "By", false, true))
                .as("unit already in the name").isEqualTo("memory_usage_bytes");
        assertThat(PrometheusNames.metricName("2xx-responses!", "", true, false)).isEqualTo("_2xx_responses_total");
    }

    @Test
    void labelNames() {
        assertThat(PrometheusNames.sanitizeLabelName("http.request.method")).isEqualTo("http_request_method");
        assertThat(PrometheusNames.sanitizeLabelName("1st")).isEqualTo("key_1st");
        assertThat(PrometheusNames.sanitizeLabelName("a..b")).isEqualTo("a_b");
    }

    @Test
    void floatsPrintAsPrometheusPrintsThem() {
        assertThat(PrometheusNames.formatFloat(1)).isEqualTo("1");
        assertThat(PrometheusNames.formatFloat(0.005)).isEqualTo("0.005");
        assertThat(PrometheusNames.formatFloat(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
        assertThat(PrometheusNames.formatFloat(-2.5)).isEqualTo("-2.5");
        assertThat(PrometheusNames.formatFloat(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void exponentialBoundsArePowersOfTheBase() {
        assertThat(PointTranslator.bound(32, 4)).isEqualTo(4.0);
        assertThat(PointTranslator.bound(3, 0)).isEqualTo(8.0);
        assertThat(PointTranslator.bound(1, -1)).isEqualTo(4.0);
        assertThat(PointTranslator.bound(1, 1)).isEqualTo(Math.sqrt(2));
    }
}
