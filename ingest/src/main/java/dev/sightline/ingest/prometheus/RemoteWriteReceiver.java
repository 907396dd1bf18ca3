package dev.sightline.ingest.prometheus;

import com.google.protobuf.ByteString;
import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.MalformedRequestException;
import dev.sightline.storage.metrics.OtlpMetricsTranslator;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.write.OverloadedException;
import dev.sightline.storage.write.RecordSink;
import dev.sightline.storage.write.Rejections;
import dev.sightline.storage.write.ShuttingDownException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Prometheus remote-write 1.0: decodes, validates (metric and label names as Prometheus defines them, no
 * duplicate label names, no native histograms), converts each series to an OTLP gauge in the scope
 * {@link OtlpMetricsTranslator#REMOTE_WRITE_SCOPE} (labels verbatim; staleness markers keep their NaN bits) and
 * logs it through the write path like any OTLP export. Thread-safe.
 */
public final class RemoteWriteReceiver {
    private static final int MAX_REASONS = 3;

    /** What to answer: 204 when everything was stored, 400 with the reasons when something was rejected. */
    public record Result(int rejectedSamples, String message) {
    }

    private final RecordSink sink;
    private final int maxBodyBytes;
    private final IngestMetrics metrics;

    public RemoteWriteReceiver(RecordSink sink, int maxBodyBytes) {
        this(sink, maxBodyBytes, IngestMetrics.unregistered());
    }

    /** As the other constructor, counting stored and rejected samples into {@code metrics}. */
    public RemoteWriteReceiver(RecordSink sink, int maxBodyBytes, IngestMetrics metrics) {
        this.sink = sink;
        this.maxBodyBytes = maxBodyBytes;
        this.metrics = metrics;
    }

    /**
     * @param body the snappy-compressed protobuf body
     * @throws MalformedRequestException when the body is not snappy or not a WriteRequest (answer 400)
     */
    public CompletableFuture<Result> write(byte[] body) throws MalformedRequestException, OverloadedException,
            ShuttingDownException {
        RemoteWriteRequest request = RemoteWriteDecoder.decode(RemoteWriteDecoder.unsnappy(body, maxBodyBytes));
        Set<String> reasons = new LinkedHashSet<>();
        int[] rejected = {0};
        ExportMetricsServiceRequest otlp = toOtlp(request, reasons, rejected);
        String message = String.join("; ", reasons) + (rejected[0] > reasons.size() ? "; …" : "");
        metrics.rejected(Signal.METRICS, IngestMetrics.Reason.INVALID, rejected[0]);
        if (otlp.getResourceMetrics(0).getScopeMetrics(0).getMetricsCount() == 0) {
            return CompletableFuture.completedFuture(new Result(rejected[0], message));
        }
        int points = otlp.getResourceMetrics(0).getScopeMetrics(0).getMetricsList().stream()
                .mapToInt(m -> m.getGauge().getDataPointsCount()).sum();
        return metrics.submit(sink, Signal.METRICS, otlp.toByteArray(), otlp, points).thenApply(receipt -> {
            Rejections r = receipt.rejections();
            if (r.isEmpty()) {
                return new Result(rejected[0], message);
            }
            metrics.rejected(Signal.METRICS, IngestMetrics.Reason.STORE_REJECTED, r.count());
            Rejections all = new Rejections(rejected[0], message).plus(r);
            return new Result(all.count(), all.message());
        });
    }

    /**
     * What {@link #write} does before the WAL: unsnappy, decode, validate and convert to OTLP (public for the
     * benchmarks).
     */
    public static ExportMetricsServiceRequest decodeToOtlp(byte[] body, int maxBodyBytes)
            throws MalformedRequestException {
        RemoteWriteRequest request = RemoteWriteDecoder.decode(RemoteWriteDecoder.unsnappy(body, maxBodyBytes));
        return toOtlp(request, new LinkedHashSet<>(), new int[1]);
    }

    static ExportMetricsServiceRequest toOtlp(RemoteWriteRequest request, Set<String> reasons, int[] rejected) {
        Map<String, RemoteWriteRequest.Metadata> metadata = new HashMap<>();
        for (RemoteWriteRequest.Metadata m : request.metadata()) {
            metadata.put(m.family(), m);
        }
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(OtlpMetricsTranslator.REMOTE_WRITE_SCOPE));
        for (RemoteWriteRequest.Series s : request.series()) {
            String problem = problem(s);
            if (problem != null) {
                rejected[0] += Math.max(1, s.timestamps().length + s.histograms());
                add(reasons, problem);
                continue;
            }
            if (s.histograms() > 0) {
                rejected[0] += s.histograms();
                add(reasons, "series " + describe(s) + ": native histograms are not supported; send classic buckets");
            }
            if (s.timestamps().length == 0) {
                continue;
            }
            String name = "";
            Gauge.Builder gauge = Gauge.newBuilder();
            NumberDataPoint.Builder template = NumberDataPoint.newBuilder();
            for (RemoteWriteRequest.Label l : s.labels()) {
                if (l.name().equals("__name__")) {
                    name = l.value();
                } else if (!l.value().isEmpty()) {
                    template.addAttributes(KeyValue.newBuilder().setKey(l.name())
                            .setValue(AnyValue.newBuilder().setStringValue(l.value())));
                }
            }
            for (int i = 0; i < s.timestamps().length; i++) {
                NumberDataPoint.Builder p = template.clone().setTimeUnixNano(s.timestamps()[i] * 1_000_000L)
                        .setAsDouble(s.values()[i]);
                if (i == s.timestamps().length - 1) {
                    s.exemplars().forEach(e -> p.addExemplars(exemplar(e)));
                }
                gauge.addDataPoints(p);
            }
            Metric.Builder metric = Metric.newBuilder().setName(name).setGauge(gauge);
            RemoteWriteRequest.Metadata m = family(metadata, name);
            if (m != null) {
                metric.setDescription(m.help()).setUnit(m.unit()).addMetadata(KeyValue.newBuilder()
                        .setKey(OtlpMetricsTranslator.PROMETHEUS_TYPE_KEY)
                        .setValue(AnyValue.newBuilder().setStringValue(m.type())));
            }
            scope.addMetrics(metric);
        }
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(scope)).build();
    }

    private static RemoteWriteRequest.Metadata family(Map<String, RemoteWriteRequest.Metadata> metadata, String name) {
        RemoteWriteRequest.Metadata m = metadata.get(name);
        for (String suffix : List.of("_bucket", "_sum", "_count", "_total")) {
            if (m == null && name.endsWith(suffix)) {
                m = metadata.get(name.substring(0, name.length() - suffix.length()));
            }
        }
        return m;
    }

    private static Exemplar exemplar(RemoteWriteRequest.Exemplar e) {
        Exemplar.Builder b = Exemplar.newBuilder().setTimeUnixNano(e.timestamp() * 1_000_000L).setAsDouble(e.value());
        for (RemoteWriteRequest.Label l : e.labels()) {
            ByteString id = idBytes(l.value(), l.name().equals("trace_id") ? 16 : l.name().equals("span_id") ? 8 : 0);
            if (l.name().equals("trace_id") && id != null) {
                b.setTraceId(id);
            } else if (l.name().equals("span_id") && id != null) {
                b.setSpanId(id);
            } else {
                b.addFilteredAttributes(KeyValue.newBuilder().setKey(l.name())
                        .setValue(AnyValue.newBuilder().setStringValue(l.value())));
            }
        }
        return b.build();
    }

    private static ByteString idBytes(String hex, int length) {
        if (length == 0 || hex.length() != 2 * length) {
            return null;
        }
        try {
            return ByteString.copyFrom(HexIds.fromHex(hex));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String problem(RemoteWriteRequest.Series s) {
        String name = null;
        List<RemoteWriteRequest.Label> labels = s.labels();
        for (int i = 0; i < labels.size(); i++) {
            RemoteWriteRequest.Label l = labels.get(i);
            for (int j = 0; j < i; j++) {
                if (labels.get(j).name().equals(l.name())) {
                    return "series " + describe(s) + ": label " + l.name() + " appears twice";
                }
            }
            if (!isName(l.name(), false)) {
                return "series " + describe(s) + ": invalid label name \"" + l.name() + "\"";
            }
            if (l.name().equals("__name__")) {
                name = l.value();
            }
        }
        if (name == null || !isName(name, true)) {
            return "series " + describe(s) + ": invalid metric name \"" + (name == null ? "" : name) + "\"";
        }
        return null;
    }

    /** Prometheus' {@code [a-zA-Z_][a-zA-Z0-9_]*}, plus ':' for metric names (a loop: this runs per label). */
    static boolean isName(String s, boolean colons) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':')
                    || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String describe(RemoteWriteRequest.Series s) {
        StringBuilder sb = new StringBuilder("{");
        for (RemoteWriteRequest.Label l : s.labels()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(l.name()).append("=\"").append(l.value()).append('"');
            if (sb.length() > 120) {
                return sb.append(", …}").toString();
            }
        }
        return sb.append('}').toString();
    }

    private static void add(Set<String> reasons, String reason) {
        if (reasons.size() < MAX_REASONS) {
            reasons.add(reason);
        }
    }
}
