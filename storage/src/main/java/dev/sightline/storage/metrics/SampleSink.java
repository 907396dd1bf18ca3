package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import java.io.IOException;

/** Where translated samples go: the store's appender, or a test's list. */
interface SampleSink {
    /** Returned by {@link #append} for a sample already stored with the same value: dropped, not an error. */
    String DUPLICATE = "duplicate";

    /**
     * Appends one sample.
     *
     * @param delta whether {@code value} is an increment to add to the series' last value (OTLP delta sums)
     * @return null when stored, {@link #DUPLICATE}, or why the sample was rejected
     */
    String append(Labels series, long timestampMillis, double value, boolean delta) throws IOException;

    /** Records an exemplar of a series appended to in this batch. */
    void exemplar(Labels series, Exemplar exemplar) throws IOException;

    /** Records the type, unit and help of a metric family. */
    void metadata(String family, MetricMetadata metadata) throws IOException;
}
