package dev.sightline.server.instrumentation;

import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.storage.instrumentation.MetricRegistry;
import dev.sightline.storage.instrumentation.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code GET /metrics}: the registry in the Prometheus text format, for Prometheus or any agent to scrape. */
public final class MetricsEndpoint {
    public static final String PATH = "/metrics";

    private MetricsEndpoint() {
    }

    public static void register(Router router, MetricRegistry registry) {
        router.get(PATH, request -> new ApiResponse(200, PrometheusText.CONTENT_TYPE,
                PrometheusText.write(registry.snapshot()).getBytes(StandardCharsets.UTF_8), Map.of()));
    }
}
