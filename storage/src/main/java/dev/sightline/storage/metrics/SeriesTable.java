package dev.sightline.storage.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing table from a 64-bit key to series (linear probing, backward-shift deletion): no node or
 * boxed key per entry, about 24 bytes a series at half load. A key may map to several series (label hashes
 * collide); {@link #find} walks them. Writes are guarded by the store's lock; {@link #findUnlocked} may race with
 * them and may then miss an entry or offer a wrong one, so its caller verifies what it gets.
 */
final class SeriesTable {
    /** The two arrays, replaced together on a resize (a racing reader sees a matching pair). */
    private record Slots(long[] keys, MemSeries[] values) {
    }

    private volatile Slots slots = new Slots(new long[16], new MemSeries[16]);
    private long[] keys = slots.keys();
    private MemSeries[] values = slots.values();
    private int size;

    /**
     * The first series under {@code key} that {@code match} accepts, without the store's lock: racing with a put,
     * remove or resize it may miss one or test a wrong one, so {@code match} must verify (immutable fields only).
     */
    MemSeries findUnlocked(long key, java.util.function.Predicate<MemSeries> match) {
        Slots t = slots;
        long[] k = t.keys();
        MemSeries[] v = t.values();
        int mask = v.length - 1;
        for (int i = home(key, mask), probes = 0; probes < v.length; i = (i + 1) & mask, probes++) {
            MemSeries s = v[i];
            if (s == null) {
                return null;
            }
            if (k[i] == key && match.test(s)) {
                return s;
            }
        }
        return null;
    }

    int size() {
        return size;
    }

    /** The first series under {@code key} for which {@code match} holds, or null. */
    MemSeries find(long key, java.util.function.Predicate<MemSeries> match) {
        int mask = values.length - 1;
        for (int i = home(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key && match.test(values[i])) {
                return values[i];
            }
        }
        return null;
    }

    /** The series under {@code key} when keys are unique (IDs), or null. */
    MemSeries get(long key) {
        int mask = values.length - 1;
        for (int i = home(key, mask); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return values[i];
            }
        }
        return null;
    }

    /** Slot cursor for callers that verify candidates themselves without a lambda: -1 when none is left. */
    int first(long key) {
        return next(key, home(key, values.length - 1) - 1);
    }

    int next(long key, int slot) {
        int mask = values.length - 1;
        for (int i = (slot + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    MemSeries at(int slot) {
        return values[slot];
    }

    void put(long key, MemSeries s) {
        if (2 * (size + 1) > values.length) {
            resize(values.length * 2);
        }
        insert(keys, values, key, s);
        size++;
    }

    /** Removes the entry of {@code s} under {@code key}; false when it is not there. */
    boolean remove(long key, MemSeries s) {
        int mask = values.length - 1;
        int i = home(key, mask);
        while (values[i] != s) {
            if (values[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        values[i] = null;
        size--;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            int h = home(keys[j], mask);
            boolean movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
            if (movable) {
                keys[i] = keys[j];
                values[i] = values[j];
                values[j] = null;
                i = j;
            }
        }
        return true;
    }

    void forEach(Consumer<MemSeries> action) {
        for (MemSeries s : values) {
            if (s != null) {
                action.accept(s);
            }
        }
    }

    List<MemSeries> values() {
        List<MemSeries> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    private void resize(int capacity) {
        long[] k = new long[capacity];
        MemSeries[] v = new MemSeries[capacity];
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                insert(k, v, keys[i], values[i]);
            }
        }
        keys = k;
        values = v;
        slots = new Slots(k, v);
    }

    private static void insert(long[] k, MemSeries[] v, long key, MemSeries s) {
        int mask = v.length - 1;
        int i = home(key, mask);
        while (v[i] != null) {
            i = (i + 1) & mask;
        }
        k[i] = key;
        v[i] = s;
    }

    private static int home(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
