package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;

/**
 * One series' samples in a time range, ascending by timestamp (Unix milliseconds). Values keep their bits:
 * NaN, infinities and the staleness marker come back as stored.
 */
public record SeriesSamples(Labels labels, long[] timestamps, double[] values) {
    public int size() {
        return timestamps.length;
    }
}
