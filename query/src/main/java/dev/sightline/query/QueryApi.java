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
import dev.sightline.storage.Storage;
import dev.sightline.storage.logs.LogLimits;
import java.util.function.BooleanSupplier;

/** Assembles every route of the query port (7070) over one {@link Storage}. */
public final class QueryApi {
    private QueryApi() {
    }

    /**
     * @param storage the opened stores (queries may run before replay finishes; they see what is applied)
     * @param ready whether the server is ready, for {@code /readyz}
     */
    public static Router routes(Storage storage, BooleanSupplier ready) {
        return routes(storage, ready, LogLimits.DEFAULT);
    }

    /**
     * As {@link #routes(Storage, BooleanSupplier)}, with what one log query may cost. Other modules (alerting)
     * register their own routes on the router returned.
     */
    public static Router routes(Storage storage, BooleanSupplier ready, LogLimits logLimits) {
        Router router = new Router();
        new HealthApi(ready).register(router);
        new TraceApi(storage.traces(), storage.spans()).register(router);
        new ServiceApi(storage.spans()).register(router);
        new CorrelationApi(new Correlations(storage.traces(), storage.spans(), storage.options().correlationKeys()),
                storage.logs().searcher(logLimits), storage.metrics()).register(router);
        new LogsApi(storage.logs().searcher(logLimits)).register(router);
        new PrometheusApi(storage.metrics()).register(router);
        new PromqlApi(storage.metrics()).register(router);
        new StaticAssets(QueryApi.class.getClassLoader()).register(router);
        return router;
    }
}
