package dev.sightline.storage.logs;

/**
 * One page of a log search.
 *
 * @param query Lucene query syntax, {@code body} the default field; blank matches every record
 * @param startNanos window start, Unix ns, inclusive
 * @param endNanos window end, Unix ns, exclusive
 * @param limit page size, 1..{@link #MAX_LIMIT}
 * @param descending newest first when true
 * @param after the previous page's cursor, or null for the first page
 */
public record LogSearch(String query, long startNanos, long endNanos, int limit, boolean descending, LogCursor after) {
    public static final int MAX_LIMIT = 10_000;

    public LogSearch {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be in 1.." + MAX_LIMIT + ", got " + limit);
        }
        if (endNanos < startNanos) {
            throw new IllegalArgumentException("end (" + endNanos + ") must not be before start (" + startNanos + ")");
        }
    }
}
