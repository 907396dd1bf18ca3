package dev.sightline.query.promql.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.query.promql.value.RangeSeries;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A range query evaluates range functions over selectors series by series into step columns
 * ({@link StepCache}), and aggregations of them from those columns ({@link StepAggregation}); an instant query
 * evaluates the same expression one window at a time. Both must give the same values bit for bit (-0, NaN and
 * infinities included) and, for aggregations, the same group order, which {@code limitk} makes visible.
 */
class StepColumnsTest {
    static final long STEP = 15_000;
    static final long START = 600_000;
    static final long END = 1_800_000;

    static final InMemorySeriesSource SOURCE = source();

    static InMemorySeriesSource source() {
        InMemorySeriesSource s = new InMemorySeriesSource();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 12; i++) {
            Labels labels = Labels.of("__name__", "x_total", "job", "job-" + (i % 3), "instance", "i" + i);
            double v = 0;
            for (long t = 0; t <= END; t += 10_000 + 5_000 * (i % 2)) {
                if (i == 1 && t > 700_000 && t < 900_000) {
                    continue; // a gap longer than the range
                }
                v += random.nextInt(10);
                double value = v;
                if (i == 2 && t % 400_000 == 0) {
                    value = SampleIterator.staleNaN();
                } else if (i == 3 && t > 1_000_000) {
                    value = v - 1_000; // a counter reset, then negative values
                } else if (i == 4 && t == 1_200_000) {
                    value = Double.NaN;
                } else if (i == 5 && t == 1_300_000) {
                    value = Double.POSITIVE_INFINITY;
                } else if (i == 6) {
                    value = -0.0;
                } else if (i == 7 && t >= 1_500_000) {
                    break; // ends before the query does
                } else if (i == 8 && t < 1_100_000) {
                    continue; // starts after the query does
                }
                s.add(labels, t, value);
            }
        }
        s.add(Labels.of("__name__", "y_total", "job", "job-0", "instance", "i0"), 900_000, 1);
        s.add(Labels.of("__name__", "y_total", "job", "job-0", "instance", "i0"), 915_000, 3);
        return s;
    }

    static Stream<String> queries() {
        List<String> q = new ArrayList<>();
        List<String> functions = List.of("rate", "increase", "delta", "irate", "idelta", "deriv", "changes", "resets",
                "sum_over_time", "avg_over_time", "count_over_time", "min_over_time", "max_over_time",
                "stddev_over_time", "stdvar_over_time", "last_over_time", "first_over_time", "present_over_time",
                "mad_over_time", "ts_of_max_over_time");
        for (String f : functions) {
            q.add(f + "(x_total[1m])");
            q.add("sum by (job) (" + f + "(x_total[1m]))");
        }
        for (String agg : List.of("sum", "avg", "count", "group", "min", "max", "stddev", "stdvar")) {
            q.add(agg + " by (job) (rate(x_total[1m]))");
            q.add(agg + " without (instance) (last_over_time(x_total[2m]))");
            q.add(agg + "(increase(x_total[45s]))");
            q.add(agg + " by (instance) (last_over_time({__name__=~\".+_total\"}[1m]))");
        }
        q.add("sum by (__name__) (last_over_time({__name__=~\".+_total\"}[1m]))");
        q.add("count by (__name__, job) (first_over_time({__name__=~\".+_total\"}[1m]))");
        q.add("limitk(1, sum by (job) (rate(x_total[1m])))");
        q.add("limitk(2, max by (instance) ((last_over_time(x_total[1m]))))");
        q.add("sum by (job) (rate(x_total[1m] offset 2m))");
        q.add("sum by (job) (rate(x_total[1m] @ 1000))");
        q.add("max_over_time(sum by (job) (rate(x_total[1m]))[2m:15s])");
        q.add("sum by (job) (rate(x_total[1m])) / ignoring (job) group_left sum(rate(x_total[1m]))");
        return q.stream();
    }

    @ParameterizedTest
    @MethodSource("queries")
    void rangeQueryEqualsInstantQueriesAtEveryStep(String query) {
        Engine engine = new Engine(SOURCE, QueryLimits.DEFAULT);
        Matrix range = (Matrix) engine.range(query, START, END, STEP).value();
        int points = 0;
        for (long t = START; t <= END; t += STEP) {
            List<Sample> instant = ((Vector) engine.instant(query, t).value()).samples();
            List<Sample> fromRange = new ArrayList<>();
            for (RangeSeries s : range.series()) {
                for (int i = 0; i < s.size(); i++) {
                    if (s.t(i) == t) {
                        fromRange.add(new Sample(s.labels(), s.v(i), false));
                    }
                }
            }
            assertThat(bits(fromRange)).as("%s at %d", query, t)
                    .containsExactlyInAnyOrderElementsOf(bits(instant));
            points += instant.size();
        }
        assertThat(points).as("points of %s", query).isPositive();
    }

    private static List<String> bits(List<Sample> samples) {
        return samples.stream().map(s -> s.labels() + " " + Long.toHexString(Double.doubleToLongBits(s.value())))
                .toList();
    }
}
