package dev.sightline.query.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeParamsTest {
    private static final long T = 1_709_294_400_000_000_000L; // 2024-03-01T12:00:00Z

    @Test
    void readsRfc3339AndUnixTimesOfEveryUnit() {
        assertThat(TimeParams.time("start", "2024-03-01T12:00:00Z", 0)).isEqualTo(T);
        assertThat(TimeParams.time("start", "2024-03-01T13:00:00.5+01:00", 0)).isEqualTo(T + 500_000_000);
        assertThat(TimeParams.time("start", "1709294400", 0)).isEqualTo(T);
        assertThat(TimeParams.time("start", "1709294400.25", 0)).isEqualTo(T + 250_000_000);
        assertThat(TimeParams.time("start", "1709294400000", 0)).isEqualTo(T);
        assertThat(TimeParams.time("start", "1709294400000000", 0)).isEqualTo(T);
        assertThat(TimeParams.time("start", "1709294400000000000", 0)).isEqualTo(T);
        assertThat(TimeParams.time("start", null, 42)).isEqualTo(42);
        assertThat(TimeParams.time("start", "", 42)).isEqualTo(42);
    }

    @Test
    void namesTheBadValue() {
        assertThatThrownBy(() -> TimeParams.time("end", "yesterday", 0))
                .hasMessage("end must be RFC 3339 (2024-03-01T12:00:00Z) or a Unix timestamp, got \"yesterday\"");
        assertThatThrownBy(() -> TimeParams.time("end", "99999999999999999999999", 0)).hasMessageContaining("end must");
        assertThatThrownBy(() -> TimeParams.integer("limit", "0", 100, 1, 10_000))
                .hasMessage("limit must be in 1..10000, got \"0\"");
        assertThatThrownBy(() -> TimeParams.integer("limit", "many", 100, 1, 10_000)).hasMessageContaining("many");
        assertThatThrownBy(() -> TimeParams.duration("step", "5 minutes", 1)).hasMessageContaining("5 minutes");
    }

    @Test
    void readsDurations() {
        assertThat(TimeParams.duration("step", "30s", 1)).isEqualTo(30_000_000_000L);
        assertThat(TimeParams.duration("step", "5m", 1)).isEqualTo(300_000_000_000L);
        assertThat(TimeParams.duration("step", "250ms", 1)).isEqualTo(250_000_000L);
        assertThat(TimeParams.duration("step", "1.5", 1)).isEqualTo(1_500_000_000L);
        assertThat(TimeParams.duration("step", "1d", 1)).isEqualTo(86_400_000_000_000L);
        assertThat(TimeParams.duration("step", null, 7)).isEqualTo(7);
    }
}
