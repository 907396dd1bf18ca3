package dev.sightline.alerting;

/** A rule template that cannot be parsed or expanded; the message reads like Go's {@code text/template}. */
public final class TemplateException extends Exception {
    public TemplateException(String message) {
        super(message);
    }
}
