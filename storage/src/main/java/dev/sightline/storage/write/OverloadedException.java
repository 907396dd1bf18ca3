package dev.sightline.storage.write;

/**
 * The write path cannot take more data now; the client should retry later. Edges map it to HTTP 429 with
 * {@code Retry-After} and gRPC {@code RESOURCE_EXHAUSTED} with retry info.
 */
public final class OverloadedException extends Exception {
    private final long retryAfterMillis;

    public OverloadedException(String message, long retryAfterMillis) {
        super(message, null, false, false);
        this.retryAfterMillis = retryAfterMillis;
    }

    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
