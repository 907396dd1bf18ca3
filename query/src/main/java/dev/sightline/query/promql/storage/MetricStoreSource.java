package dev.sightline.query.promql.storage;

import dev.sightline.storage.metrics.MetricStore;
import dev.sightline.storage.metrics.SeriesSamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The PromQL engine's view of the metric store: selectors become the store's matchers (same four kinds, same
 * anchored regexes), and each series' samples in the window are handed over as arrays. Thread-safe.
 */
public final class MetricStoreSource implements SeriesSource {
    private final MetricStore store;

    public MetricStoreSource(MetricStore store) {
        this.store = store;
    }

    @Override
    public List<? extends Series> select(long mint, long maxt, List<Matcher> matchers) {
        List<dev.sightline.storage.model.Matcher> converted = new ArrayList<>(matchers.size());
        for (Matcher m : matchers) {
            converted.add(dev.sightline.storage.model.Matcher.of(
                    dev.sightline.storage.model.MatchType.valueOf(m.type().name()), m.name(), m.value()));
        }
        List<SeriesSamples> read;
        try {
            read = store.read(converted, mint, maxt);
        } catch (IOException e) {
            throw new UncheckedIOException("reading series for " + matchers + " failed: " + e.getMessage(), e);
        }
        List<Series> out = new ArrayList<>(read.size());
        for (SeriesSamples s : read) {
            String[] pairs = new String[s.labels().size() * 2];
            int i = 0;
            for (int j = 0; j < s.labels().size(); j++) {
                pairs[i++] = s.labels().name(j);
                pairs[i++] = s.labels().value(j);
            }
            out.add(new ArraySeries(Labels.of(pairs), s.timestamps(), s.values()));
        }
        return out;
    }

    /** A series whose samples are already in memory. */
    private record ArraySeries(Labels labels, long[] timestamps, double[] values) implements Series {
        @Override
        public SampleIterator samples() {
            return new SampleIterator() {
                private int i = -1;

                @Override
                public boolean next() {
                    return ++i < timestamps.length;
                }

                @Override
                public long timestamp() {
                    return timestamps[i];
                }

                @Override
                public double value() {
                    return values[i];
                }
            };
        }
    }
}
