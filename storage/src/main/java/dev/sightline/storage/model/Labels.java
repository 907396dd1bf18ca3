package dev.sightline.storage.model;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A series identity, as Prometheus' {@code labels.Labels}: names and values sorted by name, names unique, empty
 * values dropped (an empty value means the label is absent). Immutable and array-backed, with the hash cached:
 * it is built for every data point ingested and is the key of every series map. Order is label by label, name
 * then value, a prefix first; equality is name and value at each position.
 */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0]);
    /** Past this many labels sorting goes through an index array rather than insertion sort in place. */
    private static final int INSERTION_SORT_MAX = 32;

    private final String[] pairs; // name0, value0, name1, value1, ... sorted by name
    private int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
    }

    /**
     * Labels from alternating names and values in any order: {@code of("__name__", "up", "job", "api")}. Empty
     * values are dropped.
     *
     * @throws IllegalArgumentException on an odd count, an empty name or a name given twice (naming both values)
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length
                    + " strings");
        }
        return normalised(namesAndValues.clone(), namesAndValues.length);
    }

    /** Labels from a map; empty (or null) values are dropped. */
    public static Labels fromMap(Map<String, String> map) {
        String[] pairs = new String[map.size() * 2];
        int n = 0;
        for (Map.Entry<String, String> e : map.entrySet()) {
            pairs[n++] = e.getKey();
            pairs[n++] = e.getValue();
        }
        return normalised(pairs, n);
    }

    /** Takes ownership of {@code pairs}: used as is when already sorted, unique and non-empty. */
    private static Labels normalised(String[] pairs, int n) {
        if (canonical(pairs, n)) {
            return new Labels(n == pairs.length ? pairs : Arrays.copyOf(pairs, n));
        }
        int kept = 0;
        for (int i = 0; i < n; i += 2) {
            String name = pairs[i];
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("label name must not be empty, got \"" + name + "\"");
            }
            String value = pairs[i + 1];
            if (value != null && !value.isEmpty()) {
                pairs[kept++] = name;
                pairs[kept++] = value;
            }
        }
        sortByName(pairs, kept);
        for (int i = 2; i < kept; i += 2) {
            if (pairs[i].equals(pairs[i - 2])) {
                throw new IllegalArgumentException("label " + pairs[i] + " appears twice: \"" + pairs[i - 1]
                        + "\" and \"" + pairs[i + 1] + "\"");
            }
        }
        return kept == 0 ? EMPTY : new Labels(kept == pairs.length ? pairs : Arrays.copyOf(pairs, kept));
    }

    /** Sorted by name, names unique and non-empty, values non-empty. */
    private static boolean canonical(String[] pairs, int n) {
        for (int i = 0; i < n; i += 2) {
            String name = pairs[i];
            String value = pairs[i + 1];
            if (name == null || name.isEmpty() || value == null || value.isEmpty()
                    || (i > 0 && pairs[i - 2].compareTo(name) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Sorts the first {@code n} strings of {@code pairs} as (name, value) pairs by name; stable. */
    private static void sortByName(String[] pairs, int n) {
        if (n / 2 <= INSERTION_SORT_MAX) {
            for (int i = 2; i < n; i += 2) {
                String name = pairs[i];
                String value = pairs[i + 1];
                int j = i - 2;
                while (j >= 0 && pairs[j].compareTo(name) > 0) {
                    pairs[j + 2] = pairs[j];
                    pairs[j + 3] = pairs[j + 1];
                    j -= 2;
                }
                pairs[j + 2] = name;
                pairs[j + 3] = value;
            }
            return;
        }
        Integer[] order = new Integer[n / 2];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> pairs[2 * a].compareTo(pairs[2 * b]));
        String[] copy = Arrays.copyOf(pairs, n);
        for (int i = 0; i < order.length; i++) {
            pairs[2 * i] = copy[2 * order[i]];
            pairs[2 * i + 1] = copy[2 * order[i] + 1];
        }
    }

    public int size() {
        return pairs.length / 2;
    }

    public boolean isEmpty() {
        return pairs.length == 0;
    }

    /** The name of the {@code i}-th label in name order. */
    public String name(int i) {
        return pairs[2 * i];
    }

    /** The value of the {@code i}-th label in name order. */
    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of {@code name}, or "" when absent. */
    public String get(String name) {
        for (int i = 0; i < pairs.length; i += 2) {
            int c = pairs[i].compareTo(name);
            if (c == 0) {
                return pairs[i + 1];
            }
            if (c > 0) {
                break;
            }
        }
        return "";
    }

    public boolean has(String name) {
        return !get(name).isEmpty();
    }

    /** The metric name, or "" when absent. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    /** Calls {@code action} with each name and value, in name order. */
    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < pairs.length; i += 2) {
            action.accept(pairs[i], pairs[i + 1]);
        }
    }

    /** A mutable copy, sorted by name. */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A copy without the given names. */
    public Labels without(Collection<String> names) {
        return filter(names, false);
    }

    /** A copy with only the given names. */
    public Labels keep(Collection<String> names) {
        return filter(names, true);
    }

    private Labels filter(Collection<String> names, boolean keep) {
        String[] out = new String[pairs.length];
        int n = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (names.contains(pairs[i]) == keep) {
                out[n++] = pairs[i];
                out[n++] = pairs[i + 1];
            }
        }
        if (n == pairs.length) {
            return this;
        }
        return n == 0 ? EMPTY : new Labels(Arrays.copyOf(out, n));
    }

    public Labels withoutName() {
        return without(List.of(METRIC_NAME));
    }

    /** A copy with {@code name} set to {@code value}; an empty value removes the label. */
    public Labels with(String name, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("label name must not be empty, got \"" + name + "\"");
        }
        boolean remove = value == null || value.isEmpty();
        int at = 0;
        while (at < pairs.length && pairs[at].compareTo(name) < 0) {
            at += 2;
        }
        boolean present = at < pairs.length && pairs[at].equals(name);
        if (remove) {
            if (!present) {
                return this;
            }
            String[] out = new String[pairs.length - 2];
            System.arraycopy(pairs, 0, out, 0, at);
            System.arraycopy(pairs, at + 2, out, at, pairs.length - at - 2);
            return out.length == 0 ? EMPTY : new Labels(out);
        }
        if (present) {
            if (pairs[at + 1].equals(value)) {
                return this;
            }
            String[] out = pairs.clone();
            out[at + 1] = value;
            return new Labels(out);
        }
        String[] out = new String[pairs.length + 2];
        System.arraycopy(pairs, 0, out, 0, at);
        out[at] = name;
        out[at + 1] = value;
        System.arraycopy(pairs, at, out, at + 2, pairs.length - at);
        return new Labels(out);
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(pairs.length, o.pairs.length);
        for (int i = 0; i < n; i += 2) {
            int c = pairs[i].compareTo(o.pairs[i]);
            if (c != 0) {
                return c;
            }
            c = pairs[i + 1].compareTo(o.pairs[i + 1]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pairs.length, o.pairs.length);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Labels l && hashCode() == l.hashCode() && Arrays.equals(pairs, l.pairs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h;
        }
        return h;
    }

    /** Prometheus' text form: {@code {__name__="up", job="api"}}, values escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return sb.append('}').toString();
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /**
     * Collects labels in any order and sorts them once, for the ingest hot path (one array, no map). Not
     * thread-safe; {@link #build} hands the array over, so a builder builds once.
     */
    public static final class Builder {
        private String[] pairs;
        private int n;
        private boolean sorted = true;

        public Builder(int expectedLabels) {
            pairs = new String[Math.max(2, 2 * expectedLabels)];
        }

        public Builder add(String name, String value) {
            if (n == pairs.length) {
                pairs = Arrays.copyOf(pairs, 2 * n);
            }
            if (n > 0 && sorted && pairs[n - 2].compareTo(name) >= 0) {
                sorted = false;
            }
            pairs[n++] = name;
            pairs[n++] = value;
            return this;
        }

        /** Whether a name was added twice, which {@link #build} would refuse (sorts what was added). */
        public boolean hasDuplicateNames() {
            if (!sorted) {
                sortByName(pairs, n);
                sorted = true;
            }
            for (int i = 2; i < n; i += 2) {
                if (pairs[i].equals(pairs[i - 2])) {
                    return true;
                }
            }
            return false;
        }

        /**
         * @throws IllegalArgumentException on an empty name or a name added twice
         * @throws IllegalStateException when already built
         */
        public Labels build() {
            if (pairs == null) {
                throw new IllegalStateException("labels already built");
            }
            String[] p = pairs;
            pairs = null;
            return normalised(p, n);
        }
    }
}
