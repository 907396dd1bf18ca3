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
    /** The labels in wire form ({@link dev.sightline.storage.prometheus.LabelHash#wire}): compared with requests. */
    final byte[] key;
    /** Null until the series is first touched after open (then loaded from the last stored chunk). */
    ChunkEncoder head;
    /**
     * Where the head stood at the last checkpoint (null: none of it is stored yet): the next checkpoint writes the
     * samples after it as one head segment. Stored head segments all have keys at or after the head's first
     * timestamp; closed chunks all before it.
     */
    ChunkEncoder.Mark persisted;
    /** The head changed other than by appends (an out-of-order merge): its segments are rewritten as one. */
    boolean headRewritten;
    /** Head segments stored for the current head (bounded by rewriting them as one). */
    int segments;
    boolean headDirty;
    /** Taken out of the index (retention): a batch prepared before must look its series up again. */
    boolean removed;
    boolean loaded;
    long maxT = NONE;
    double lastValue;

    MemSeries(long id, Labels labels) {
        this.id = id;
        this.labels = labels;
        this.key = dev.sightline.storage.prometheus.LabelHash.wire(labels);
    }
}
