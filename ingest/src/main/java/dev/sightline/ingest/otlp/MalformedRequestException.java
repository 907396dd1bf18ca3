package dev.sightline.ingest.otlp;

/** The request body is not a valid OTLP export request; the message says what is wrong. 400 / INVALID_ARGUMENT. */
public final class MalformedRequestException extends Exception {
    public MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
