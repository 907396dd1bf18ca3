package dev.sightline.storage.instrumentation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * Sightline's own metrics. One instance per server, created by {@code Main} (tests make their own) and passed to
 * the components that record into it; there is no global registry. Registering a name twice is an error
 * naming it. Thread-safe.
 */
public final class MetricRegistry {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** Latency buckets in seconds, from 100 µs to 30 s. */
    public static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final Map<String, Collectable> families = new LinkedHashMap<>();

    public Family<Counter> counter(String name, String help, String... labelNames) {
        return register(new Family<>(name, help, MetricType.COUNTER, check(name, labelNames), Counter::new));
    }

    /** @param bounds finite, strictly increasing upper bounds; {@code +Inf} is implied */
    public Family<Histogram> histogram(String name, String help, double[] bounds, String... labelNames) {
        Histogram.checkBounds(name, bounds);
        double[] b = bounds.clone();
        return register(new Family<>(name, help, MetricType.HISTOGRAM, check(name, labelNames), () -> new Histogram(b)));
    }

    /** A gauge family read at each snapshot; add children with {@link CallbackFamily#add}. */
    public CallbackFamily gauges(String name, String help, String... labelNames) {
        return register(new CallbackFamily(name, help, MetricType.GAUGE, check(name, labelNames)));
    }

    /** A counter family whose totals are kept elsewhere (the JVM's GC counts) and read at each snapshot. */
    public CallbackFamily counters(String name, String help, String... labelNames) {
        return register(new CallbackFamily(name, help, MetricType.COUNTER, check(name, labelNames)));
    }

    /** A gauge without labels. */
    public void gauge(String name, String help, DoubleSupplier value) {
        gauges(name, help).add(value);
    }

    /** Every family's current samples, in registration order. */
    public List<FamilySnapshot> snapshot() {
        List<Collectable> all;
        synchronized (families) {
            all = new ArrayList<>(families.values());
        }
        List<FamilySnapshot> out = new ArrayList<>(all.size());
        for (Collectable c : all) {
            out.add(c.snapshot());
        }
        return out;
    }

    private <T extends Collectable> T register(T family) {
        synchronized (families) {
            if (families.putIfAbsent(family.name(), family) != null) {
                throw new IllegalArgumentException("metric " + family.name() + " is already registered");
            }
        }
        return family;
    }

    private static List<String> check(String name, String[] labelNames) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must match " + METRIC_NAME + ", got \"" + name + "\"");
        }
        for (String l : labelNames) {
            if (!LABEL_NAME.matcher(l).matches() || l.startsWith("__") || l.equals("le")) {
                throw new IllegalArgumentException("metric " + name + ": label name must match " + LABEL_NAME
                        + ", not start with __ and not be le, got \"" + l + "\"");
            }
        }
        if (Arrays.stream(labelNames).distinct().count() != labelNames.length) {
            throw new IllegalArgumentException("metric " + name + " repeats a label name: " + Arrays.toString(labelNames));
        }
        return List.of(labelNames);
    }
}
