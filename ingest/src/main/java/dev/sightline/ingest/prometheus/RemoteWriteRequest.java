package dev.sightline.ingest.prometheus;

import java.util.List;

/**
 * A decoded {@code prometheus.WriteRequest}: only what Sightline stores.
 *
 * @param series the time series
 * @param metadata per metric family: type, help, unit
 */
record RemoteWriteRequest(List<Series> series, List<Metadata> metadata) {
    /** A label pair as sent (names and values not yet validated). */
    record Label(String name, String value) {
    }

    record Exemplar(List<Label> labels, double value, long timestamp) {
    }

    /**
     * @param histograms how many native histogram samples were sent (not supported: rejected)
     */
    record Series(List<Label> labels, long[] timestamps, double[] values, List<Exemplar> exemplars, int histograms) {
    }

    /** Prometheus' MetricType enum, lower-cased: counter, gauge, histogram, … */
    record Metadata(String type, String family, String help, String unit) {
    }
}
