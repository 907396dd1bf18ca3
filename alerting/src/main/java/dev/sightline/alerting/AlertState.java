package dev.sightline.alerting;

/** An alert's state as Prometheus names it; a resolved alert is {@code INACTIVE} with a resolved time. */
public enum AlertState {
    INACTIVE, PENDING, FIRING;

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
