package dev.sightline.storage.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A series identity: the metric name ({@code __name__}) and the other labels, sorted by name, names unique,
 * empty values dropped (in Prometheus an empty value means the label is absent).
 */
public record Labels(List<Label> list) {
    public static final String METRIC_NAME = "__name__";
    public static final Labels EMPTY = new Labels(List.of());

    public Labels {
        list = sortedUniqueNonEmpty(list) ? List.copyOf(list) : normalised(list);
    }

    /** Sorted by name, empty values dropped; a name twice is an error. */
    private static List<Label> normalised(List<Label> list) {
        Label[] sorted = list.stream().filter(l -> !l.value().isEmpty()).toArray(Label[]::new);
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].name().equals(sorted[i - 1].name())) {
                throw new IllegalArgumentException("label " + sorted[i].name() + " appears twice: \""
                        + sorted[i - 1].value() + "\" and \"" + sorted[i].value() + "\"");
            }
        }
        return List.of(sorted);
    }

    private static boolean sortedUniqueNonEmpty(List<Label> list) {
        for (int i = 0, n = list.size(); i < n; i++) {
            Label l = list.get(i);
            if (l.value().isEmpty() || (i > 0 && list.get(i - 1).name().compareTo(l.name()) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** Labels from alternating names and values: {@code of("__name__", "up", "job", "api")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must alternate, got " + namesAndValues.length);
        }
        List<Label> out = new ArrayList<>(namesAndValues.length / 2);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            out.add(new Label(namesAndValues[i], namesAndValues[i + 1]));
        }
        return new Labels(out);
    }

    public static Labels of(Map<String, String> map) {
        List<Label> out = new ArrayList<>(map.size());
        map.forEach((k, v) -> out.add(new Label(k, v)));
        return new Labels(out);
    }

    /** The value of {@code name}, or "" when absent. */
    public String get(String name) {
        for (Label l : list) {
            if (l.name().equals(name)) {
                return l.value();
            }
        }
        return "";
    }

    /** The metric name, or "" when absent. */
    public String metricName() {
        return get(METRIC_NAME);
    }

    public int size() {
        return list.size();
    }

    /** Prometheus' text form: {@code up{instance="a:9100", job="node"}}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(metricName()).append('{');
        boolean first = true;
        for (Label l : list) {
            if (l.name().equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(l.name()).append("=\"").append(l.value().replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return sb.append('}').toString();
    }
}
