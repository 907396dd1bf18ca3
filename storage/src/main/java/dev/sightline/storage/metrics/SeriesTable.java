package dev.sightline.storage.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * An open-addressing table from a 64-bit key to series (linear probing, backward-shift deletion), one immutable
 * entry per series. A key may map to several series (label hashes collide); {@link #first}/{@link #next} walk
 * them. Writes are guarded by the store's lock. {@link #findUnlocked} may race with them: it reads only entries
 * (never the series objects, whose fields the applier keeps writing on another core), so it sees each entry whole,
 * may miss one that is moving, and returns a series only when the entry's key bytes are the ones asked for.
 */
final class SeriesTable {
    /** Immutable: what an unlocked reader sees of a series. {@code wire} is the series' key, or null. */
    private record Entry(long key, byte[] wire, MemSeries series) {
    }

    private volatile Entry[] entries = new Entry[16];
    private int size;

    int size() {
        return size;
    }

    /** The series under {@code key} when keys are unique (IDs), or null. */
    MemSeries get(long key) {
        Entry[] t = entries;
        int mask = t.length - 1;
        for (int i = home(key, mask); t[i] != null; i = (i + 1) & mask) {
            if (t[i].key() == key) {
                return t[i].series();
            }
        }
        return null;
    }

    /** Slot cursor over the series under {@code key}, for callers that verify candidates: -1 when none is left. */
    int first(long key) {
        return next(key, home(key, entries.length - 1) - 1);
    }

    int next(long key, int slot) {
        Entry[] t = entries;
        int mask = t.length - 1;
        for (int i = (slot + 1) & mask; t[i] != null; i = (i + 1) & mask) {
            if (t[i].key() == key) {
                return i;
            }
        }
        return -1;
    }

    MemSeries at(int slot) {
        return entries[slot].series();
    }

    /**
     * The series whose key bytes are {@code len} bytes of {@code wire} from {@code off}, under hash {@code key},
     * without the store's lock (see the class comment): may miss while a write moves entries; never wrong.
     */
    MemSeries findUnlocked(long key, byte[] wire, int off, int len) {
        Entry[] t = entries;
        int mask = t.length - 1;
        for (int i = home(key, mask), probes = 0; probes < t.length; i = (i + 1) & mask, probes++) {
            Entry e = t[i];
            if (e == null) {
                return null;
            }
            byte[] w = e.wire();
            if (e.key() == key && w != null && Arrays.equals(w, 0, w.length, wire, off, off + len)) {
                return e.series();
            }
        }
        return null;
    }

    /** Adds {@code s} under {@code key}; {@code wire} is what {@link #findUnlocked} compares (or null). */
    void put(long key, byte[] wire, MemSeries s) {
        if (2 * (size + 1) > entries.length) {
            resize(entries.length * 2);
        }
        insert(entries, new Entry(key, wire, s));
        size++;
    }

    void put(long key, MemSeries s) {
        put(key, null, s);
    }

    /** Removes the entry of {@code s} under {@code key}; false when it is not there. */
    boolean remove(long key, MemSeries s) {
        Entry[] t = entries;
        int mask = t.length - 1;
        int i = home(key, mask);
        while (t[i] == null || t[i].series() != s) {
            if (t[i] == null) {
                return false;
            }
            i = (i + 1) & mask;
        }
        t[i] = null;
        size--;
        // Backward shift: move later entries of the probe run into the hole when their home allows it.
        for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int h = home(t[j].key(), mask);
            boolean movable = i <= j ? (h <= i || h > j) : (h <= i && h > j);
            if (movable) {
                t[i] = t[j];
                t[j] = null;
                i = j;
            }
        }
        return true;
    }

    void forEach(Consumer<MemSeries> action) {
        for (Entry e : entries) {
            if (e != null) {
                action.accept(e.series());
            }
        }
    }

    List<MemSeries> values() {
        List<MemSeries> out = new ArrayList<>(size);
        forEach(out::add);
        return out;
    }

    private void resize(int capacity) {
        Entry[] t = new Entry[capacity];
        for (Entry e : entries) {
            if (e != null) {
                insert(t, e);
            }
        }
        entries = t; // published whole: an unlocked reader sees the old table or the new one
    }

    private static void insert(Entry[] t, Entry e) {
        int mask = t.length - 1;
        int i = home(e.key(), mask);
        while (t[i] != null) {
            i = (i + 1) & mask;
        }
        t[i] = e;
    }

    private static int home(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
