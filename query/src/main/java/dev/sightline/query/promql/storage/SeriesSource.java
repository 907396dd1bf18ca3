package dev.sightline.query.promql.storage;

import java.util.List;

/**
 * What the PromQL engine reads: series selected by label matchers over a time range. Implementations are
 * thread-safe; the metrics store implements this interface.
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
