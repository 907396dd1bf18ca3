package dev.sightline.storage.metrics;

import dev.sightline.storage.model.MatchType;
import dev.sightline.storage.model.Matcher;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.prometheus.LabelHash;
import dev.sightline.storage.prometheus.RemoteWriteBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In-memory postings: for each label name and value, the sorted IDs of the series carrying it; and the
 * catalogue from labels to series. Rebuilt from the series column family when the store opens. Guarded by the
 * store's lock (writes under the write lock, reads under the read lock).
 */
final class SeriesIndex {
    /** By {@link LabelHash} of the labels (several series may share one). */
    private final SeriesTable byHash = new SeriesTable();
    private final SeriesTable byId = new SeriesTable();
    /** name → value → IDs (ascending: IDs are assigned in increasing order). */
    private final Map<String, TreeMap<String, Postings>> postings = new TreeMap<>();
    private final Map<String, String> strings = new HashMap<>();
    /** Wire form of the labels being looked up ({@link #get(Labels)} runs under the store's write lock only). */
    private byte[] scratch = new byte[256];
    private long maxId;

    MemSeries get(Labels labels) {
        int size = LabelHash.wireSize(labels);
        if (scratch.length < size) {
            scratch = new byte[Math.max(size, 2 * scratch.length)];
        }
        long h = LabelHash.hash(scratch, 0, LabelHash.wire(labels, scratch));
        for (int slot = byHash.first(h); slot >= 0; slot = byHash.next(h, slot)) {
            MemSeries s = byHash.at(slot);
            if (s.labels.equals(labels)) {
                return s;
            }
        }
        return null;
    }

    /**
     * A series by the wire form of its labels, without the store's lock (see {@link SeriesTable#findUnlocked}): for
     * decoding threads; may miss while the index changes, and the series found may be removed before the batch is
     * applied, which the apply checks.
     */
    MemSeries findUnlocked(long hash, byte[] wire, int off, int len) {
        return byHash.findUnlocked(hash, wire, off, len);
    }

    /**
     * The stored series with the labels of a remote-write batch's series {@code i}, found from its hash and bytes
     * (the batch's labels must be {@link RemoteWriteBatch#hashable}); null when there is none.
     */
    MemSeries get(RemoteWriteBatch batch, int i) {
        long h = batch.hash(i);
        for (int slot = byHash.first(h); slot >= 0; slot = byHash.next(h, slot)) {
            MemSeries s = byHash.at(slot);
            if (batch.sameLabels(i, s.key)) {
                return s;
            }
        }
        return null;
    }

    MemSeries get(long id) {
        return byId.get(id);
    }

    int size() {
        return byId.size();
    }

    long nextId() {
        return maxId + 1;
    }

    Iterable<MemSeries> all() {
        return byId.values();
    }

    /** Interns label strings: the same job and instance values repeat across thousands of series. */
    Labels intern(Labels labels) {
        String[] pairs = new String[2 * labels.size()];
        for (int i = 0; i < labels.size(); i++) {
            pairs[2 * i] = strings.computeIfAbsent(labels.name(i), k -> k);
            pairs[2 * i + 1] = strings.computeIfAbsent(labels.value(i), k -> k);
        }
        return Labels.of(pairs);
    }

    MemSeries add(long id, Labels labels) {
        Labels interned = intern(labels);
        MemSeries s = new MemSeries(id, interned);
        byHash.put(LabelHash.hash(s.key, 0, s.key.length), s.key, s);
        byId.put(id, s);
        maxId = Math.max(maxId, id);
        for (int i = 0; i < interned.size(); i++) {
            postings.computeIfAbsent(interned.name(i), k -> new TreeMap<>())
                    .computeIfAbsent(interned.value(i), k -> new Postings()).add(id);
        }
        return s;
    }

    void remove(MemSeries s) {
        s.removed = true;
        byHash.remove(LabelHash.hash(s.key, 0, s.key.length), s);
        byId.remove(s.id, s);
        for (int i = 0; i < s.labels.size(); i++) {
            String name = s.labels.name(i);
            String value = s.labels.value(i);
            TreeMap<String, Postings> values = postings.get(name);
            Postings p = values.get(value);
            p.remove(s.id);
            if (p.size == 0) {
                values.remove(value);
                if (values.isEmpty()) {
                    postings.remove(name);
                }
            }
        }
    }

    /** Series matching every matcher, in ID order. */
    List<MemSeries> select(List<Matcher> matchers) {
        long[] ids = null;
        List<Matcher> filters = new ArrayList<>();
        for (Matcher m : matchers) {
            if (m.matchesEmpty()) {
                filters.add(m); // cannot be answered from postings alone: absent labels match
                continue;
            }
            long[] matched = union(m);
            ids = ids == null ? matched : intersect(ids, matched);
        }
        List<MemSeries> out = new ArrayList<>();
        if (ids == null) {
            // Only empty-matching matchers: Prometheus refuses such selectors; here every series is a candidate.
            ids = byId.values().stream().mapToLong(s -> s.id).sorted().toArray();
        }
        for (long id : ids) {
            MemSeries s = byId.get(id);
            if (s != null && filters.stream().allMatch(f -> f.matches(s.labels.get(f.name())))) {
                out.add(s);
            }
        }
        return out;
    }

    private long[] union(Matcher m) {
        TreeMap<String, Postings> values = postings.get(m.name());
        if (values == null) {
            return new long[0];
        }
        if (m.type() == MatchType.EQUAL) {
            Postings p = values.get(m.value());
            return p == null ? new long[0] : p.toArray();
        }
        TreeSet<Long> set = new TreeSet<>();
        for (Map.Entry<String, Postings> e : values.entrySet()) {
            if (m.matches(e.getKey())) {
                for (long id : e.getValue().toArray()) {
                    set.add(id);
                }
            }
        }
        return set.stream().mapToLong(Long::longValue).toArray();
    }

    private static long[] intersect(long[] a, long[] b) {
        long[] out = new long[Math.min(a.length, b.length)];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                out[n++] = a[i];
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Label names in use, sorted. */
    List<String> labelNames() {
        return new ArrayList<>(postings.keySet());
    }

    /** Values of a label, sorted. */
    List<String> labelValues(String name) {
        TreeMap<String, Postings> values = postings.get(name);
        return values == null ? List.of() : new ArrayList<>(values.keySet());
    }

    /** A growable sorted array of series IDs. */
    static final class Postings {
        private long[] ids = new long[2];
        private int size;

        void add(long id) {
            if (size > 0 && ids[size - 1] >= id) {
                int at = Arrays.binarySearch(ids, 0, size, id);
                if (at >= 0) {
                    return;
                }
                int ins = -at - 1;
                grow();
                System.arraycopy(ids, ins, ids, ins + 1, size - ins);
                ids[ins] = id;
                size++;
                return;
            }
            grow();
            ids[size++] = id;
        }

        void remove(long id) {
            int at = Arrays.binarySearch(ids, 0, size, id);
            if (at >= 0) {
                System.arraycopy(ids, at + 1, ids, at, size - at - 1);
                size--;
            }
        }

        private void grow() {
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, ids.length * 2);
            }
        }

        long[] toArray() {
            return Arrays.copyOf(ids, size);
        }
    }
}
