package dev.sightline.storage.series;

import dev.sightline.storage.model.Matcher;
import java.util.List;

/**
 * What the PromQL engine reads: series selected by label matchers over a time range. Implementations are
 * thread-safe; the metric store implements this interface, and so do the query layer's in-memory source (tests,
 * benchmarks) and the rules' log source.
 */
public interface SeriesSource {
    /**
     * Series whose labels satisfy every matcher (a matcher on {@code __name__} included) and that have
     * at least one sample in [mint, maxt] (both inclusive, ms). The result need not be sorted.
     */
    List<? extends Series> select(long mint, long maxt, List<Matcher> matchers);

    /** A source with no series. */
    static SeriesSource empty() {
        return (mint, maxt, matchers) -> List.of();
    }
}
