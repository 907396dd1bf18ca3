package dev.sightline.storage.instrumentation;

import java.util.List;

/**
 * One line of the exposition: a sample name (the family name, or it plus {@code _bucket}/{@code _sum}/
 * {@code _count}), its labels in order, and its value.
 */
public record Sample(String name, List<String> labelNames, List<String> labelValues, double value) {
    public Sample {
        labelNames = List.copyOf(labelNames);
        labelValues = List.copyOf(labelValues);
        if (labelNames.size() != labelValues.size()) {
            throw new IllegalArgumentException("sample " + name + " has " + labelNames.size() + " label names but "
                    + labelValues.size() + " values");
        }
    }
}
