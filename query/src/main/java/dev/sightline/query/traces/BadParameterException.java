package dev.sightline.query.traces;

/** A query parameter that cannot be used; the message names it and says why. Answered 400. */
public final class BadParameterException extends Exception {
    public BadParameterException(String param, String reason) {
        super("unable to parse param '" + param + "': " + reason, null, false, false);
    }
}
