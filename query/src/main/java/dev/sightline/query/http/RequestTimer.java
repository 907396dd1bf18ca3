package dev.sightline.query.http;

/** Told how long each routed request took; unmatched paths (404) are not reported. Called on handler threads. */
@FunctionalInterface
public interface RequestTimer {
    /**
     * @param endpoint the route's pattern, e.g. {@code /api/traces/{traceId}} (never the raw path, so the
     *     number of distinct values is bounded)
     * @param status the HTTP status answered, 500 when the handler threw
     */
    void record(String endpoint, int status, long nanos);
}
