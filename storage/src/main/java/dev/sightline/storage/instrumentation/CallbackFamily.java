package dev.sightline.storage.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;

/**
 * A gauge or counter family whose values are read when a snapshot is taken (queue bytes, disk bytes, JVM
 * memory): nothing is recorded on any hot path. A supplier that throws is skipped for that snapshot.
 */
public final class CallbackFamily implements Collectable {
    private record Child(List<String> values, DoubleSupplier value) {
    }

    private final String name;
    private final String help;
    private final MetricType type;
    private final List<String> labelNames;
    private final List<Child> children = new CopyOnWriteArrayList<>();

    CallbackFamily(String name, String help, MetricType type, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.labelNames = List.copyOf(labelNames);
    }

    @Override
    public String name() {
        return name;
    }

    /** Adds the child with these label values, read from {@code value} at each snapshot. */
    public CallbackFamily add(DoubleSupplier value, String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " has labels " + labelNames + ", got values "
                    + Arrays.toString(labelValues));
        }
        List<String> key = List.of(labelValues);
        if (children.stream().anyMatch(c -> c.values().equals(key))) {
            throw new IllegalArgumentException(name + " already has a child with labels " + key);
        }
        children.add(new Child(key, value));
        return this;
    }

    @Override
    public FamilySnapshot snapshot() {
        List<Sample> samples = new ArrayList<>();
        for (Child c : children) {
            double v;
            try {
                v = c.value().getAsDouble();
            } catch (RuntimeException e) {
                continue; // e.g. a folder deleted while it was being measured: no sample this time
            }
            samples.add(new Sample(name, labelNames, c.values(), v));
        }
        return new FamilySnapshot(name, help, type, samples);
    }
}
