package dev.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrometheusDurationTest {
    @Test
    void parsesPrometheusDurations() {
        assertThat(PrometheusDuration.parse("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(PrometheusDuration.parse("200ms")).isEqualTo(Duration.ofMillis(200));
        assertThat(PrometheusDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PrometheusDuration.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(PrometheusDuration.parse("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(PrometheusDuration.parse("1y")).isEqualTo(Duration.ofDays(365));
        assertThat(PrometheusDuration.parse("1m1s1ms")).isEqualTo(Duration.ofMillis(61_001));
        assertThat(PrometheusDuration.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(PrometheusDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(PrometheusDuration.parse("0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void rejectsWithTheValueAndTheRule() {
        assertThatThrownBy(() -> PrometheusDuration.parse("30")).hasMessageContaining("\"30\" is not a duration: "
                + "missing unit");
        assertThatThrownBy(() -> PrometheusDuration.parse("30sec")).hasMessageContaining("unknown unit \"sec\"");
        assertThatThrownBy(() -> PrometheusDuration.parse("30m1h")).hasMessageContaining("largest to smallest");
        assertThatThrownBy(() -> PrometheusDuration.parse("1s1s")).hasMessageContaining("largest to smallest");
        assertThatThrownBy(() -> PrometheusDuration.parse("-5s")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> PrometheusDuration.parse("1.5h")).hasMessageContaining("\"1.5h\" is not a duration");
        assertThatThrownBy(() -> PrometheusDuration.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> PrometheusDuration.parse("30S")).hasMessageContaining("unknown unit \"S\"");
        assertThatThrownBy(() -> PrometheusDuration.parse("99999999999999y")).hasMessageContaining("too large");
    }

    @Test
    void formatsLikePrometheus() {
        assertThat(PrometheusDuration.format(Duration.ofSeconds(30))).isEqualTo("30s");
        assertThat(PrometheusDuration.format(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(PrometheusDuration.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(PrometheusDuration.format(Duration.ofDays(7))).isEqualTo("1w");
        assertThat(PrometheusDuration.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void formatReadsBackAsTheSameDuration() {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("PrometheusDurationTest seed: " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        for (int i = 0; i < 10_000; i++) {
            Duration d = Duration.ofMillis(random.nextLong(1L << (1 + random.nextInt(45))));
            assertThat(PrometheusDuration.parse(PrometheusDuration.format(d))).as("seed %d", seed).isEqualTo(d);
        }
    }
}
