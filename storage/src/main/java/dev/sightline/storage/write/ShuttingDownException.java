package dev.sightline.storage.write;

/** The write path is draining for shutdown and accepts nothing new. Edges map it to 503 / UNAVAILABLE. */
public final class ShuttingDownException extends Exception {
    public ShuttingDownException() {
        super("server is shutting down", null, false, false);
    }
}
