package dev.sightline.query;

import dev.sightline.query.health.HealthApi;
import dev.sightline.query.http.Router;
import dev.sightline.query.logs.LogsApi;
import dev.sightline.query.prometheus.PrometheusApi;
import dev.sightline.query.promql.api.PromqlApi;
import dev.sightline.query.traces.CorrelationApi;
import dev.sightline.query.traces.Correlations;
import dev.sightline.query.traces.ServiceApi;
import dev.sightline.query.traces.TraceApi;
import dev.sightline.query.ui.StaticAssets;
import dev.sightline.storage.Readers;
import java.util.function.BooleanSupplier;

/** Assembles every route of the query port (7070) over the stores' {@link Readers}. */
public final class QueryApi {
    private QueryApi() {
    }

    /**
     * Other modules (alerting) register their own routes on the router returned.
     *
     * @param readers the stores' read side (queries may run before replay finishes; they see what is applied)
     * @param ready whether the server is ready, for {@code /readyz}
     */
    public static Router routes(Readers readers, BooleanSupplier ready) {
        Router router = new Router();
        new HealthApi(ready).register(router);
        new TraceApi(readers.spans()).register(router);
        new ServiceApi(readers.spans()).register(router);
        new CorrelationApi(new Correlations(readers.spans()), readers.logs(), readers.metrics()).register(router);
        new LogsApi(readers.logs()).register(router);
        new PrometheusApi(readers.metrics()).register(router);
        new PromqlApi(readers.series()).register(router);
        new StaticAssets(QueryApi.class.getClassLoader()).register(router);
        return router;
    }
}
