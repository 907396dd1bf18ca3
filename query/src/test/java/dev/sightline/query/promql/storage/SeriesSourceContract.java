package dev.sightline.query.promql.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.series.SampleIterator;
import dev.sightline.storage.series.Series;
import dev.sightline.storage.series.SeriesSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SeriesSource} must do, run against each implementation: extend it and provide
 * {@link #sourceWith}.
 */
public abstract class SeriesSourceContract {
    private SeriesSource source;

    /** A source holding exactly these samples. */
    protected abstract SeriesSource sourceWith(List<Object[]> samples);

    @BeforeEach
    void load() {
        List<Object[]> s = new ArrayList<>();
        Labels a = Labels.of("__name__", "req_total", "job", "api", "path", "/a");
        Labels b = Labels.of("__name__", "req_total", "job", "api", "path", "/b");
        Labels c = Labels.of("__name__", "up", "job", "db");
        for (long t = 0; t <= 60_000; t += 15_000) {
            s.add(new Object[] {a, t, (double) t});
            s.add(new Object[] {b, t, 1.0});
        }
        s.add(new Object[] {c, 30_000L, SampleIterator.staleNaN()});
        source = sourceWith(s);
    }

    private List<String> select(long mint, long maxt, Matcher... m) {
        List<String> out = new ArrayList<>();
        for (Series s : source.select(mint, maxt, List.of(m))) {
            out.add(s.labels().toString());
        }
        out.sort(String::compareTo);
        return out;
    }

    @Test
    void matchersOfEveryType() {
        assertThat(select(0, 60_000, Matcher.of(MatchType.EQUAL, "__name__", "req_total"))).hasSize(2);
        assertThat(select(0, 60_000, Matcher.of(MatchType.NOT_EQUAL, "path", "/a"))).hasSize(2);
        assertThat(select(0, 60_000, Matcher.of(MatchType.REGEX, "path", "/.*"))).hasSize(2);
        assertThat(select(0, 60_000, Matcher.of(MatchType.NOT_REGEX, "job", "ap"))).hasSize(3);
        assertThat(select(0, 60_000, Matcher.of(MatchType.REGEX, "job", "ap"))).isEmpty(); // anchored
        assertThat(select(0, 60_000, Matcher.of(MatchType.EQUAL, "path", ""))).containsExactly(
                "{__name__=\"up\", job=\"db\"}"); // a missing label matches ""
    }

    @Test
    void timeRangeIsInclusiveAndSamplesComeInOrder() {
        List<? extends Series> s = source.select(15_000, 30_000, List.of(Matcher.of(MatchType.EQUAL, "path", "/a")));
        assertThat(s).hasSize(1);
        SampleIterator it = s.get(0).samples();
        List<Long> ts = new ArrayList<>();
        while (it.next()) {
            ts.add(it.timestamp());
            assertThat(it.value()).isEqualTo((double) it.timestamp());
        }
        assertThat(ts).containsExactly(15_000L, 30_000L);
        assertThat(select(61_000, 90_000, Matcher.of(MatchType.EQUAL, "job", "api"))).isEmpty();
    }

    @Test
    void staleMarkersPassThroughBitForBit() {
        List<? extends Series> s = source.select(0, 60_000, List.of(Matcher.of(MatchType.EQUAL, "__name__", "up")));
        SampleIterator it = s.get(0).samples();
        assertThat(it.next()).isTrue();
        assertThat(Double.doubleToRawLongBits(it.value())).isEqualTo(SampleIterator.STALE_NAN_BITS);
    }
}
