package dev.sightline.server.instrumentation;

import dev.sightline.query.http.RequestTimer;
import dev.sightline.storage.instrumentation.Counter;
import dev.sightline.storage.instrumentation.Family;
import dev.sightline.storage.instrumentation.Histogram;
import dev.sightline.storage.instrumentation.MetricRegistry;

/** Query latency per endpoint (the route's pattern) and requests per endpoint and status class. */
public final class QueryMetrics implements RequestTimer {
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

    private final Family<Histogram> latency;
    private final Family<Counter> requests;

    public QueryMetrics(MetricRegistry registry) {
        latency = registry.histogram("sightline_query_duration_seconds",
                "Time to answer a query API request, by endpoint.", MetricRegistry.LATENCY_BUCKETS, "endpoint");
        requests = registry.counter("sightline_query_requests_total",
                "Query API requests answered, by endpoint and status class.", "endpoint", "code");
    }

    @Override
    public void record(String endpoint, int status, long nanos) {
        latency.labels(endpoint).observeNanos(nanos);
        int c = status / 100;
        requests.labels(endpoint, c >= 1 && c <= 5 ? CLASSES[c - 1] : "5xx").inc();
    }
}
