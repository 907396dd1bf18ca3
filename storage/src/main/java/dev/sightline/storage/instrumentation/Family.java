package dev.sightline.storage.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A counter or histogram family with labels. {@link #labels} finds or creates the child for one combination of
 * label values; callers on a hot path resolve their children once and keep them.
 *
 * @param <T> {@link Counter} or {@link Histogram}
 */
public final class Family<T> implements Collectable {
    private final String name;
    private final String help;
    private final MetricType type;
    private final List<String> labelNames;
    private final Supplier<T> factory;
    private final Map<List<String>, T> children = new ConcurrentHashMap<>();

    Family(String name, String help, MetricType type, List<String> labelNames, Supplier<T> factory) {
        this.name = name;
        this.help = help;
        this.type = type;
        this.labelNames = List.copyOf(labelNames);
        this.factory = factory;
    }

    @Override
    public String name() {
        return name;
    }

    /** The child for these label values, in the order of the family's label names. */
    public T labels(String... values) {
        if (values.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " has labels " + labelNames + ", got values "
                    + Arrays.toString(values));
        }
        List<String> key = List.of(values);
        T child = children.get(key);
        return child != null ? child : children.computeIfAbsent(key, k -> factory.get());
    }

    @Override
    public FamilySnapshot snapshot() {
        List<Map.Entry<List<String>, T>> entries = new ArrayList<>(children.entrySet());
        entries.sort(Comparator.comparing(e -> String.join("\u0000", e.getKey())));
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, T> e : entries) {
            switch (e.getValue()) {
                case Counter c -> samples.add(new Sample(name, labelNames, e.getKey(), c.value()));
                case Histogram h -> addHistogram(samples, e.getKey(), h);
                default -> throw new IllegalStateException("unexpected child " + e.getValue().getClass());
            }
        }
        return new FamilySnapshot(name, help, type, samples);
    }

    private void addHistogram(List<Sample> out, List<String> values, Histogram h) {
        long count = h.count();
        double sum = h.sum();
        long[] cumulative = h.cumulative();
        double[] bounds = h.bounds();
        List<String> names = new ArrayList<>(labelNames);
        names.add("le");
        for (int i = 0; i < cumulative.length; i++) {
            List<String> vs = new ArrayList<>(values);
            vs.add(i < bounds.length ? PrometheusText.formatValue(bounds[i]) : "+Inf");
            // The +Inf bucket equals _count; read separately they could disagree by an in-flight observation.
            out.add(new Sample(name + "_bucket", names, vs, i < bounds.length ? cumulative[i] : count));
        }
        out.add(new Sample(name + "_sum", labelNames, values, sum));
        out.add(new Sample(name + "_count", labelNames, values, count));
    }
}
