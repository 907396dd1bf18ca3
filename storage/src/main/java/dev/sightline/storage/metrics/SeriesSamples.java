package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SampleIterator;
import dev.sightline.storage.series.Series;

/**
 * One series' samples in a time range, ascending by timestamp (Unix milliseconds). Values keep their bits:
 * NaN, infinities and the staleness marker come back as stored. It is the {@link Series} the store's
 * {@code select} hands to PromQL as it is.
 */
public record SeriesSamples(Labels labels, long[] timestamps, double[] values) implements Series {
    public int size() {
        return timestamps.length;
    }

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
