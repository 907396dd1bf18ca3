package dev.sightline.storage.instrumentation;

import java.util.List;

/** A metric family at one instant: what {@code # HELP} and {@code # TYPE} announce, and its samples. */
public record FamilySnapshot(String name, String help, MetricType type, List<Sample> samples) {
    public FamilySnapshot {
        samples = List.copyOf(samples);
    }
}
