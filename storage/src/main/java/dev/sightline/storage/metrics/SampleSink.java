package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.Exemplar;
import dev.sightline.storage.series.MetricMetadata;
import java.io.IOException;
import java.util.List;

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

    /** The newest sample of an existing bucket series: its {@code le} label, time and value. */
    record Bucket(String le, long maxT, double lastValue) {
    }

    /**
     * The stored {@code _bucket} series that have exactly the labels of {@code bucketSeries} apart from
     * {@code le}, with their newest samples (delta exponential histograms accumulate against them).
     */
    List<Bucket> buckets(Labels bucketSeries) throws IOException;

    /** Records an exemplar of a series appended to in this batch. */
    void exemplar(Labels series, Exemplar exemplar) throws IOException;

    /** Records the type, unit and help of a metric family. */
    void metadata(String family, MetricMetadata metadata) throws IOException;
}
