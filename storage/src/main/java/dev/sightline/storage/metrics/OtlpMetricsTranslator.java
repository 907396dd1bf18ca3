package dev.sightline.storage.metrics;

import dev.sightline.storage.model.AnyValues;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.model.Sample;
import dev.sightline.storage.write.Rejections;
import dev.sightline.storage.series.MetricMetadata;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an OTLP metrics export into Prometheus series and samples, following the OpenTelemetry → Prometheus
 * compatibility rules; see {@link PrometheusNames} for names and {@link PointTranslator} per data point type.
 * Series labels: promoted resource attributes ({@link ResourceLabelRule}), then {@code job} and
 * {@code instance}, then {@code otel_scope_name}/{@code otel_scope_version}, then the point's attributes.
 * Each resource also gets a {@code target_info} sample carrying all its attributes.
 *
 * <p>Metrics in the scope {@link #REMOTE_WRITE_SCOPE} came from Prometheus remote-write: their point
 * attributes are the series' labels, taken verbatim. Stateless; thread-safe.
 */
public final class OtlpMetricsTranslator {
    /** Scope name marking metrics converted from remote-write (labels verbatim, no naming rules). */
    public static final String REMOTE_WRITE_SCOPE = "sightline.prometheus.remote_write";
    /** Metric metadata key carrying the Prometheus type of a remote-written metric. */
    public static final String PROMETHEUS_TYPE_KEY = "prometheus.type";

    private final ResourceLabelRule rule;

    OtlpMetricsTranslator(ResourceLabelRule rule) {
        this.rule = rule;
    }

    Rejections translate(ExportMetricsServiceRequest request, SampleSink sink) throws IOException {
        Reasons reasons = new Reasons();
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            Map<String, String> resource = resourceLabels(rm);
            long maxT = Long.MIN_VALUE;
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                boolean verbatim = sm.getScope().getName().equals(REMOTE_WRITE_SCOPE);
                Map<String, String> base = new TreeMap<>(verbatim ? Map.of() : resource);
                if (!verbatim && !sm.getScope().getName().isEmpty()) {
                    base.put("otel_scope_name", sm.getScope().getName());
                    if (!sm.getScope().getVersion().isEmpty()) {
                        base.put("otel_scope_version", sm.getScope().getVersion());
                    }
                }
                for (Metric m : sm.getMetricsList()) {
                    PointTranslator pt = new PointTranslator(m, base, verbatim, sink, reasons);
                    maxT = Math.max(maxT, pt.translate());
                }
            }
            if (maxT != Long.MIN_VALUE && rm.getResource().getAttributesCount() > 0) {
                targetInfo(rm, resource, maxT, sink);
            }
        }
        return reasons.result();
    }

    private Map<String, String> resourceLabels(ResourceMetrics rm) {
        Map<String, String> out = new TreeMap<>();
        String name = "";
        String namespace = "";
        String instance = "";
        for (KeyValue kv : rm.getResource().getAttributesList()) {
            switch (kv.getKey()) {
                case "service.name" -> name = AnyValues.toText(kv.getValue());
                case "service.namespace" -> namespace = AnyValues.toText(kv.getValue());
                case "service.instance.id" -> instance = AnyValues.toText(kv.getValue());
                default -> {
                    if (rule.promote(kv.getKey(), kv.getValue())) {
                        putJoined(out, PrometheusNames.sanitizeLabelName(kv.getKey()), AnyValues.toText(kv.getValue()));
                    }
                }
            }
        }
        if (!name.isEmpty()) {
            out.put("job", namespace.isEmpty() ? name : namespace + "/" + name);
        }
        if (!instance.isEmpty()) {
            out.put("instance", instance);
        }
        return out;
    }

    private static void targetInfo(ResourceMetrics rm, Map<String, String> resource, long t, SampleSink sink)
            throws IOException {
        Map<String, String> labels = new TreeMap<>();
        for (KeyValue kv : rm.getResource().getAttributesList()) {
            if (!ResourceLabelRule.SERVICE_KEYS.contains(kv.getKey())) {
                putJoined(labels, PrometheusNames.sanitizeLabelName(kv.getKey()), AnyValues.toText(kv.getValue()));
            }
        }
        for (String k : List.of("job", "instance")) {
            if (resource.containsKey(k)) {
                labels.put(k, resource.get(k));
            }
        }
        labels.put(Labels.METRIC_NAME, "target_info");
        sink.append(Labels.fromMap(labels), t, 1, false);
        sink.metadata("target_info", new MetricMetadata("gauge", "", "Target metadata"));
    }

    /** Two keys that sanitise to the same label name: values joined with ';' (in key order), as the spec says. */
    static void putJoined(Map<String, String> labels, String name, String value) {
        labels.merge(name, value, (a, b) -> a + ";" + b);
    }

    static Labels labels(Map<String, String> base, List<KeyValue> attributes, boolean verbatim, String... extra) {
        // The common case fills one array and sorts it once (this runs for every data point). Names that collide
        // (an attribute shadowing a resource label, two keys sanitising alike, an extra label) take the map path,
        // which applies the precedence and the joining rules.
        Labels.Builder fast = new Labels.Builder(base.size() + attributes.size() + extra.length / 2);
        base.forEach(fast::add);
        for (int i = 0, n = attributes.size(); i < n; i++) {
            KeyValue kv = attributes.get(i);
            String name = verbatim ? kv.getKey() : PrometheusNames.sanitizeLabelName(kv.getKey());
            fast.add(name, AnyValues.toText(kv.getValue()));
        }
        for (int i = 0; i < extra.length; i += 2) {
            fast.add(extra[i], extra[i + 1]);
        }
        if (!fast.hasDuplicateNames()) {
            return fast.build();
        }
        Map<String, String> out = new TreeMap<>(base);
        if (verbatim) {
            for (KeyValue kv : attributes) {
                out.put(kv.getKey(), AnyValues.toText(kv.getValue()));
            }
        } else {
            Map<String, String> attrs = new TreeMap<>();
            for (KeyValue kv : attributes) {
                putJoined(attrs, PrometheusNames.sanitizeLabelName(kv.getKey()), AnyValues.toText(kv.getValue()));
            }
            out.putAll(attrs);
        }
        for (int i = 0; i < extra.length; i += 2) {
            out.put(extra[i], extra[i + 1]);
        }
        return Labels.fromMap(out);
    }

    static String hex(com.google.protobuf.ByteString id) {
        return id.isEmpty() || HexIds.isAllZero(id) ? "" : HexIds.toHex(id);
    }

    static double staleOr(boolean noValue, double v) {
        return noValue ? Sample.STALE_NAN : v;
    }

    static boolean isDelta(AggregationTemporality t) {
        return t == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    }

    /** Counts rejected points and keeps the first few reasons. */
    static final class Reasons {
        private static final int MAX = 3;
        private int rejected;
        private final List<String> reasons = new ArrayList<>();

        void reject(String what, String why) {
            rejected++;
            if (reasons.size() < MAX) {
                reasons.add(what + ": " + why);
            }
        }

        Rejections result() {
            if (rejected == 0) {
                return Rejections.NONE;
            }
            return new Rejections(rejected, "rejected " + rejected + " data points: " + String.join("; ", reasons)
                    + (rejected > reasons.size() ? "; …" : ""));
        }
    }
}
