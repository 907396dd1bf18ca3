package dev.sightline.query.health;

import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import java.util.function.BooleanSupplier;

/**
 * {@code /healthz}: the process is up and serving HTTP. {@code /readyz}: the WAL has been replayed and the
 * stores are open and accepting; 503 until then and while shutting down.
 */
public final class HealthApi {
    private final BooleanSupplier ready;

    public HealthApi(BooleanSupplier ready) {
        this.ready = ready;
    }

    public void register(Router router) {
        router.get("/healthz", r -> ApiResponse.text(200, "ok\n"));
        router.get("/readyz", r -> ready.getAsBoolean()
                ? ApiResponse.text(200, "ready\n")
                : ApiResponse.text(503, "not ready: replaying the write-ahead log or shutting down\n"));
    }
}
