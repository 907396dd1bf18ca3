package dev.sightline.query.promql.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.query.promql.value.ErrorType;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.storage.model.Labels;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineLimitsTest {
    private static InMemorySeriesSource source(int series, int samples) {
        InMemorySeriesSource s = new InMemorySeriesSource();
        for (int i = 0; i < series; i++) {
            for (int k = 0; k < samples; k++) {
                s.add(Labels.of("__name__", "x", "i", Integer.toString(i)), k * 1000L, k);
            }
        }
        return s;
    }

    @Test
    void tooManySamplesIsAnExecutionErrorNotAnOutOfMemory() {
        Engine e = new Engine(source(10, 100), QueryLimits.DEFAULT.withMaxSamples(500));
        assertThatThrownBy(() -> e.instant("sum(sum_over_time(x[100s]))", 100_000))
                .isInstanceOfSatisfying(QueryException.class, q -> assertThat(q.type()).isEqualTo(ErrorType.EXECUTION))
                .hasMessage("query processing would load too many samples into memory in query execution");
        assertThat(new Engine(source(4, 100), QueryLimits.DEFAULT.withMaxSamples(500))
                .instant("count(x)", 100_000).samplesLoaded()).isEqualTo(4 * 100);
    }

    @Test
    void anExpiredDeadlineIsATimeout() {
        // The deadline (1 ns) has passed before evaluation starts, so no timing is involved.
        Engine e = new Engine(source(3, 100), QueryLimits.DEFAULT.withTimeout(Duration.ofNanos(1)));
        assertThatThrownBy(() -> e.range("x * 2", 0, 100_000, 1000))
                .isInstanceOfSatisfying(QueryException.class, q -> assertThat(q.type()).isEqualTo(ErrorType.TIMEOUT))
                .hasMessage("query timed out in expression evaluation");
    }
}
