package dev.sightline.benchmarks.metrics;

import dev.sightline.storage.metrics.OtlpMetricsTranslator;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.Random;

/**
 * A node-exporter-like scrape, as a Prometheus agent would remote-write it (labels verbatim). Per instance,
 * 100 series of five kinds, modelled on node_exporter's output:
 * <ul>
 * <li>40 constant gauges (filesystem sizes, {@code *_info} = 1, limits);
 * <li>10 slowly changing gauges (memory in 4 KiB pages, changing in one scrape of 20);
 * <li>20 CPU-seconds counters in centiseconds (USER_HZ), growing 0–15 s per scrape;
 * <li>20 byte/packet counters growing by random integers (0–1 MB per scrape);
 * <li>10 rarely moving counters (errors, drops: +1 in one scrape of 100).
 * </ul>
 * Timestamps are exact 15 s steps (Prometheus aligns scrape timestamps within 2 ms jitter since 2.29).
 *
 * <p>Two profiles for the counters: {@code random} draws every increment uniformly (0–15 s of CPU, 0–1 MB),
 * the worst case for delta encodings; {@code smooth} lets each counter's rate drift as a random walk (±1% of
 * the range per scrape) plus ±2% noise, closer to real CPU and traffic counters.
 */
final class NodeExporterData {
    static final int SERIES_PER_INSTANCE = 100;
    static final long STEP_MILLIS = 15_000;

    private final int instances;
    private final boolean smooth;
    private final double[][] values;
    private final double[][] rates;
    private final Random random = new Random(42);

    NodeExporterData(int instances, String profile) {
        if (!profile.equals("random") && !profile.equals("smooth")) {
            throw new IllegalArgumentException("profile must be random or smooth, got \"" + profile + "\"");
        }
        this.instances = instances;
        this.smooth = profile.equals("smooth");
        this.values = new double[instances][SERIES_PER_INSTANCE];
        this.rates = new double[instances][SERIES_PER_INSTANCE];
        for (int i = 0; i < instances; i++) {
            for (int s = 0; s < SERIES_PER_INSTANCE; s++) {
                values[i][s] = switch (kind(s)) {
                    case 0 -> s % 4 == 0 ? 1 : 1L << (30 + s % 8);
                    case 1 -> 4096L * (1_000_000 + random.nextInt(1_000_000));
                    case 2 -> random.nextInt(10_000_000) / 100.0;
                    case 3 -> random.nextInt(1 << 30);
                    default -> random.nextInt(100);
                };
                rates[i][s] = random.nextDouble();
            }
        }
    }

    /** A fraction in [0, 1]: uniform (random profile) or a drifting rate with noise (smooth profile). */
    private double increment(int instance, int s) {
        if (!smooth) {
            return random.nextDouble();
        }
        double r = Math.clamp(rates[instance][s] + (random.nextDouble() - 0.5) * 0.02, 0, 1);
        rates[instance][s] = r;
        return Math.clamp(r * (1 + (random.nextDouble() - 0.5) * 0.04), 0, 1);
    }

    private static int kind(int s) {
        return s < 40 ? 0 : s < 50 ? 1 : s < 70 ? 2 : s < 90 ? 3 : 4;
    }

    /** Advances the values of one instance by one scrape and returns them as an export. */
    ExportMetricsServiceRequest scrape(int instance, long tMillis) {
        double[] v = values[instance];
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(OtlpMetricsTranslator.REMOTE_WRITE_SCOPE));
        for (int s = 0; s < SERIES_PER_INSTANCE; s++) {
            switch (kind(s)) {
                case 1 -> {
                    if (random.nextInt(20) == 0) {
                        v[s] += 4096L * (random.nextInt(2001) - 1000);
                    }
                }
                case 2 -> v[s] = Math.round((v[s] + increment(instance, s) * 15) * 100) / 100.0;
                case 3 -> v[s] += Math.round(increment(instance, s) * 1_000_000);
                case 4 -> {
                    if (random.nextInt(100) == 0) {
                        v[s] += 1;
                    }
                }
                default -> { }
            }
            NumberDataPoint p = NumberDataPoint.newBuilder().setTimeUnixNano(tMillis * 1_000_000L).setAsDouble(v[s])
                    .addAttributes(attr("job", "node"))
                    .addAttributes(attr("instance", "host-" + instance + ":9100"))
                    .addAttributes(attr(label(s), Integer.toString(s)))
                    .build();
            scope.addMetrics(Metric.newBuilder().setName(name(s)).setGauge(Gauge.newBuilder().addDataPoints(p)));
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(scope)).build();
    }

    private static String name(int s) {
        return switch (kind(s)) {
            case 0 -> "node_filesystem_size_bytes_" + s / 8;
            case 1 -> "node_memory_bytes_" + s / 8;
            case 2 -> "node_cpu_seconds_total";
            case 3 -> "node_network_receive_bytes_total_" + s / 8;
            default -> "node_network_receive_errs_total_" + s / 8;
        };
    }

    private static String label(int s) {
        return switch (kind(s)) {
            case 2 -> "cpu";
            case 3, 4 -> "device";
            default -> "mountpoint";
        };
    }

    private static KeyValue attr(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    int instances() {
        return instances;
    }
}
