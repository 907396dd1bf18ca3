package dev.sightline.alerting;

import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.util.List;

/**
 * Where rule results go: recording rules' series, {@code ALERTS} and {@code ALERTS_FOR_STATE}. A write must be
 * readable by the next query once it returns, as rules later in a group read what earlier ones recorded.
 */
@FunctionalInterface
public interface SeriesWriter {
    SeriesWriter NONE = (samples, ts) -> {
    };

    /**
     * One sample of one series; {@code stale} writes Prometheus' staleness marker instead of {@code value}.
     *
     * @param labels every label including {@code __name__}
     */
    record Output(Labels labels, double value, boolean stale) {
    }

    /** Writes every sample at {@code timestampMs}. */
    void write(List<Output> samples, long timestampMs) throws IOException;
}
