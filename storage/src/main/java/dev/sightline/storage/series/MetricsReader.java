package dev.sightline.storage.series;

import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.TraceId;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The metric store's reads behind Prometheus' metadata API and the exemplar links: series, label names and
 * values, metadata, exemplars. Matchers as in {@link SeriesSource}; times are Unix ms, both ends inclusive,
 * {@link Long#MIN_VALUE}/{@link Long#MAX_VALUE} for unbounded. Implementations are thread-safe.
 */
public interface MetricsReader {
    /** Series matching all matchers with at least one sample in [mint, maxt], in label order. */
    List<Labels> series(List<Matcher> matchers, long mint, long maxt) throws IOException;

    /** Label names of series matching the matchers (all series when empty) with samples in range, sorted. */
    List<String> labelNames(List<Matcher> matchers, long mint, long maxt) throws IOException;

    /** Values of {@code name} over series matching the matchers (all when empty) with samples in range, sorted. */
    List<String> labelValues(String name, List<Matcher> matchers, long mint, long maxt) throws IOException;

    /** Type, unit and help per metric family, by name. */
    Map<String, MetricMetadata> metadata();

    /** Exemplars in [mint, maxt] of the matching series. */
    List<SeriesExemplars> exemplars(List<Matcher> matchers, long mint, long maxt) throws IOException;

    /** Exemplars carrying this trace ID, over the whole retention, grouped by series. */
    List<SeriesExemplars> exemplarsForTrace(TraceId traceId) throws IOException;
}
