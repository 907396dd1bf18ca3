package dev.sightline.storage.metrics;

import dev.sightline.storage.model.Labels;

/**
 * What the store keeps in memory per series: its ID and labels, and once the series is written to after the
 * store opened, its head chunk and last sample. Guarded by the store's lock.
 */
final class MemSeries {
    static final long NONE = Long.MIN_VALUE;

    final long id;
    final Labels labels;
    /** Null until the series is first touched after open (then loaded from the last stored chunk). */
    ChunkEncoder head;
    /** The key (first timestamp) the head was last written under, or NONE. */
    long persistedHeadKey = NONE;
    boolean headDirty;
    boolean loaded;
    long maxT = NONE;
    double lastValue;

    MemSeries(long id, Labels labels) {
        this.id = id;
        this.labels = labels;
    }
}
