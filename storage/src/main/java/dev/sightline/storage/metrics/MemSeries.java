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
     * Samples appended to the head since the last checkpoint (raw, encoded when the checkpoint writes them as one
     * head segment: the writer thread appends each sample once, to the head).
     * Stored head segments all have keys at or after the head's first timestamp; closed chunks all before it.
     */
    long[] tailTimes;
    double[] tailValues;
    int tailCount;
    /** The head changed other than by appends (an out-of-order merge): its segments are rewritten as one. */
    boolean headRewritten;
    /** Head segments stored for the current head (bounded by rewriting them as one). */
    int segments;
    boolean headDirty;
    boolean loaded;
    long maxT = NONE;
    double lastValue;

    MemSeries(long id, Labels labels) {
        this.id = id;
        this.labels = labels;
        this.key = dev.sightline.storage.prometheus.LabelHash.wire(labels);
    }

    /** Remembers a sample appended to the head for the next checkpoint's segment. */
    void addTail(long t, double v) {
        if (tailTimes == null || tailCount == tailTimes.length) {
            int size = tailTimes == null ? 4 : tailCount * 2;
            tailTimes = tailTimes == null ? new long[size] : java.util.Arrays.copyOf(tailTimes, size);
            tailValues = tailValues == null ? new double[size] : java.util.Arrays.copyOf(tailValues, size);
        }
        tailTimes[tailCount] = t;
        tailValues[tailCount++] = v;
    }

    /** The samples since the last checkpoint as a head segment's encoder, or null when there are none. */
    ChunkEncoder tailChunk() {
        if (tailCount == 0) {
            return null;
        }
        ChunkEncoder e = new ChunkEncoder();
        for (int i = 0; i < tailCount; i++) {
            e.append(tailTimes[i], tailValues[i]);
        }
        return e;
    }

    /** Forgets the tail; keeps small arrays for the next interval's samples. */
    void clearTail() {
        tailCount = 0;
        if (tailTimes != null && tailTimes.length > 16) {
            tailTimes = null;
            tailValues = null;
        }
    }
}
