package dev.sightline.query.promql.value;

import dev.sightline.storage.model.Labels;

/**
 * One element of an instant vector. {@code dropName} marks that {@code __name__} is to be removed when the
 * evaluation finishes (Prometheus 3's delayed name removal).
 */
public record Sample(Labels labels, double value, boolean dropName) {
    public Sample withValue(double v) {
        return new Sample(labels, v, dropName);
    }

    public Sample dropping(double v) {
        return new Sample(labels, v, true);
    }
}
