package dev.sightline.query.promql.value;

/** Prometheus' API error types. */
public enum ErrorType {
    BAD_DATA("bad_data"), EXECUTION("execution"), TIMEOUT("timeout"), CANCELED("canceled"), INTERNAL("internal");

    private final String text;

    ErrorType(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
