package dev.sightline.storage.instrumentation;

/** The Prometheus metric types Sightline exposes, with their {@code # TYPE} word. */
public enum MetricType {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    private final String word;

    MetricType(String word) {
        this.word = word;
    }

    /** The word written after {@code # TYPE name}. */
    public String word() {
        return word;
    }
}
