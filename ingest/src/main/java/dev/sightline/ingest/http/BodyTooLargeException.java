package dev.sightline.ingest.http;

/** The body, after decompression, is over the configured limit. 413. */
final class BodyTooLargeException extends Exception {
    BodyTooLargeException(String message) {
        super(message, null, false, false);
    }
}
