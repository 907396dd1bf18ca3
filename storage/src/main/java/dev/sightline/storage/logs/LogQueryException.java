package dev.sightline.storage.logs;

/**
 * A log query that cannot be run as asked: it does not parse (the message says where and why), it would be
 * too expensive, or a parameter is out of range. Query APIs answer 400 with the message.
 */
public final class LogQueryException extends Exception {
    public LogQueryException(String message) {
        super(message, null, false, false);
    }
}
