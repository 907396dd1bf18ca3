package dev.sightline.alerting;

import dev.sightline.storage.logs.LogQueryException;
import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.series.SampleIterator;
import dev.sightline.storage.series.Series;
import dev.sightline.storage.series.SeriesSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The rules' series source: metric series from {@code metrics}, and for a log selector
 * ({@link LogSelectors#LABEL}) one series without labels holding a sample of value 1 at the time (ms) of each
 * matching log record in the window, in time order (records in the same millisecond are separate samples, so
 * {@code count_over_time} counts records). At most {@value #MAX_RECORDS} records per selection. Thread-safe.
 */
final class LogSeriesSource implements SeriesSource {
    static final int MAX_RECORDS = 1_000_000;

    private final SeriesSource metrics;
    private final LogReader logs;

    /** @param logs the log store's searcher, or null when there is none (log rules then fail with a reason) */
    LogSeriesSource(SeriesSource metrics, LogReader logs) {
        this.metrics = metrics;
        this.logs = logs;
    }

    @Override
    public List<? extends Series> select(long mint, long maxt, List<Matcher> matchers) {
        if (!LogSelectors.isLogSelector(matchers)) {
            return metrics.select(mint, maxt, matchers);
        }
        if (logs == null) {
            throw new IllegalStateException("log rules need the log store, and this rule manager has none");
        }
        String query = matchers.getFirst().value();
        long[] times;
        try {
            // [mint, maxt] ms inclusive → [mint, maxt + 1) ms in ns
            times = logs.matchTimes(query, mint * 1_000_000L, (maxt + 1) * 1_000_000L, MAX_RECORDS);
        } catch (IOException e) {
            throw new UncheckedIOException("log query \"" + query + "\" failed: " + e.getMessage(), e);
        } catch (LogQueryException e) {
            throw new IllegalArgumentException("log query \"" + query + "\": " + e.getMessage(), e);
        }
        if (times.length == 0) {
            return List.of();
        }
        return List.of(new Records(times));
    }

    private record Records(long[] timesNanos) implements Series {
        @Override
        public Labels labels() {
            return Labels.EMPTY;
        }

        @Override
        public SampleIterator samples() {
            return new SampleIterator() {
                int i = -1;

                @Override
                public boolean next() {
                    return ++i < timesNanos.length;
                }

                @Override
                public long timestamp() {
                    return Math.floorDiv(timesNanos[i], 1_000_000L);
                }

                @Override
                public double value() {
                    return 1;
                }
            };
        }
    }
}
