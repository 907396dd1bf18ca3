package dev.sightline.query.prometheus;

/** A request parameter Prometheus would answer with {@code errorType: bad_data} (HTTP 400). */
final class BadDataException extends Exception {
    BadDataException(String message) {
        super(message);
    }
}
