package dev.sightline.query.traces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaegerParamsTest {
    @Test
    void goDurations() throws Exception {
        assertThat(JaegerParams.durationNanos("minDuration", "1.2s")).isEqualTo(1_200_000_000L);
        assertThat(JaegerParams.durationNanos("minDuration", "300ms")).isEqualTo(300_000_000L);
        assertThat(JaegerParams.durationNanos("minDuration", "1h30m")).isEqualTo(5_400_000_000_000L);
        assertThat(JaegerParams.durationNanos("minDuration", "500us")).isEqualTo(500_000L);
        assertThat(JaegerParams.durationNanos("minDuration", "500µs")).isEqualTo(500_000L);
        assertThat(JaegerParams.durationNanos("minDuration", "7ns")).isEqualTo(7L);
        assertThat(JaegerParams.durationNanos("minDuration", "250")).as("bare numbers are microseconds")
                .isEqualTo(250_000L);
    }

    @Test
    void badDurationsNameTheParameter() {
        for (String bad : List.of("", "ms", "1.2.3s", "5 parsecs", "-1s", "1d")) {
            assertThatThrownBy(() -> JaegerParams.durationNanos("maxDuration", bad))
                    .isInstanceOf(BadParameterException.class)
                    .hasMessageContaining("'maxDuration'");
        }
    }

    @Test
    void timesAndLimits() throws Exception {
        assertThat(JaegerParams.microsToNanos("start", "1700000000000000")).isEqualTo(1_700_000_000_000_000_000L);
        assertThatThrownBy(() -> JaegerParams.microsToNanos("start", "yesterday"))
                .hasMessageContaining("'start'").hasMessageContaining("yesterday");
        assertThat(JaegerParams.limit(null, 100, 1500)).isEqualTo(100);
        assertThat(JaegerParams.limit("1500", 100, 1500)).isEqualTo(1500);
        assertThatThrownBy(() -> JaegerParams.limit("0", 100, 1500)).hasMessageContaining("must be in 1..1500, got 0");
        assertThatThrownBy(() -> JaegerParams.limit("1501", 100, 1500)).hasMessageContaining("1501");
        assertThatThrownBy(() -> JaegerParams.limit("ten", 100, 1500)).hasMessageContaining("ten");
    }

    @Test
    void tagsAsJsonLogfmtAndTagParams() throws Exception {
        assertThat(JaegerParams.tags(List.of("{\"error\":\"true\",\"http.status_code\":500}"), null))
                .containsExactly(Map.entry("error", "true"), Map.entry("http.status_code", "500"));
        assertThat(JaegerParams.tags(List.of("error=true  db.statement=\"select 1\" k=v=w"), null))
                .containsExactly(Map.entry("error", "true"), Map.entry("db.statement", "select 1"),
                        Map.entry("k", "v=w"));
        assertThat(JaegerParams.tags(null, List.of("a:b", "url:http://x"))).containsExactly(Map.entry("a", "b"),
                Map.entry("url", "http://x"));
    }

    @Test
    void malformedTagsAreRejected() {
        for (String bad : List.of("{\"a\":", "[1,2]", "{\"a\":{\"b\":1}}", "novalue", "k=\"unterminated", "=v")) {
            assertThatThrownBy(() -> JaegerParams.tags(List.of(bad), null))
                    .as(bad).isInstanceOf(BadParameterException.class).hasMessageContaining("'tags'");
        }
        assertThatThrownBy(() -> JaegerParams.tags(null, List.of("nocolon"))).hasMessageContaining("'tag'");
    }
}
