package dev.sightline.query.promql.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An immutable label set sorted by name; names are unique. Compares like Prometheus' {@code labels.Compare}. */
public final class Labels implements Comparable<Labels> {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(new String[0]);

    private final String[] pairs; // name0, value0, name1, value1, ... sorted by name
    private int hash;

    private Labels(String[] pairs) {
        this.pairs = pairs;
    }

    /** Labels from alternating names and values; empty values are dropped, as Prometheus does. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got " + namesAndValues.length);
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fromMap(m);
    }

    public static Labels fromMap(Map<String, String> map) {
        TreeMap<String, String> sorted = map instanceof TreeMap<String, String> t ? t : new TreeMap<>(map);
        List<String> out = new ArrayList<>(sorted.size() * 2);
        sorted.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                out.add(k);
                out.add(v);
            }
        });
        return new Labels(out.toArray(new String[0]));
    }

    public int size() {
        return pairs.length / 2;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

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

    public String metricName() {
        return get(METRIC_NAME);
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A copy without the given names. */
    public Labels without(Collection<String> names) {
        List<String> out = new ArrayList<>(pairs.length);
        for (int i = 0; i < pairs.length; i += 2) {
            if (!names.contains(pairs[i])) {
                out.add(pairs[i]);
                out.add(pairs[i + 1]);
            }
        }
        return out.size() == pairs.length ? this : new Labels(out.toArray(new String[0]));
    }

    /** A copy with only the given names. */
    public Labels keep(Collection<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (names.contains(pairs[i])) {
                out.add(pairs[i]);
                out.add(pairs[i + 1]);
            }
        }
        return new Labels(out.toArray(new String[0]));
    }

    public Labels withoutName() {
        return without(List.of(METRIC_NAME));
    }

    /** A copy with {@code name} set to {@code value}; an empty value removes the label. */
    public Labels with(String name, String value) {
        Map<String, String> m = toMap();
        m.put(name, value);
        return fromMap(m);
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
        return o instanceof Labels l && Arrays.equals(pairs, l.pairs);
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

    /** Prometheus' text form: {@code {a="1", b="2"}} with {@code __name__} included as a label. */
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
}
