package dev.sightline.query;

import dev.sightline.query.health.HealthApi;
import dev.sightline.query.http.Router;
import dev.sightline.query.promql.api.PromqlApi;
import dev.sightline.query.promql.storage.SeriesSource;
import dev.sightline.query.traces.CorrelationApi;
import dev.sightline.query.traces.Correlations;
import dev.sightline.query.traces.ServiceApi;
import dev.sightline.query.traces.TraceApi;
import dev.sightline.query.ui.StaticAssets;
import dev.sightline.storage.Storage;
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
        Router router = new Router();
        new HealthApi(ready).register(router);
        new TraceApi(storage.traces(), storage.spans()).register(router);
        new ServiceApi(storage.spans()).register(router);
        new CorrelationApi(new Correlations(storage.traces(), storage.spans(), storage.options().correlationKeys()))
                .register(router);
        // PromQL answers from an empty source until the metrics store (issue 5) implements SeriesSource.
        new PromqlApi(SeriesSource.empty()).register(router);
        new StaticAssets(QueryApi.class.getClassLoader()).register(router);
        return router;
    }
}
