package dev.sightline.benchmarks.load;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A small shop as telemetry: {@code frontend → checkout → (inventory → postgres, payments)}. Each
 * {@link #trace} is one user request across the services, with the log records those services would write
 * (linked to their spans), and the services' RED metrics accumulate so that {@link #metrics} reports cumulative
 * request counts and latency histograms. Seeded; not thread-safe.
 */
final class DemoTelemetry {
    static final String[] SERVICES = {"frontend", "checkout", "inventory", "payments"};
    private static final double[] BOUNDS_MS = {5, 10, 25, 50, 100, 250, 500, 1000, 2500};

    /** One request's spans and logs, grouped by service. */
    record Request(ExportTraceServiceRequest traces, ExportLogsServiceRequest logs, String traceId, boolean error) {
    }

    private final Random random;
    private final long startNanos;
    private final Map<String, long[]> requests = new LinkedHashMap<>(); // service|route|code → count
    private final Map<String, long[]> buckets = new LinkedHashMap<>(); // service|route → bucket counts
    private final Map<String, double[]> sums = new LinkedHashMap<>();

    DemoTelemetry(long seed, long startNanos) {
        this.random = new Random(seed);
        this.startNanos = startNanos;
    }

    Request trace(long nowNanos) {
        byte[] traceId = bytes(16);
        String orderId = "order-" + (100_000 + random.nextInt(900_000));
        boolean paymentFails = random.nextInt(20) == 0;
        boolean slowDb = random.nextInt(10) == 0;
        Map<String, List<Span>> spans = new LinkedHashMap<>();
        Map<String, List<LogRecord>> logs = new LinkedHashMap<>();
        long t = nowNanos - 2_000_000_000L; // the request ended a moment ago

        long dbMs = slowDb ? 180 + random.nextInt(400) : 3 + random.nextInt(12);
        long inventoryMs = dbMs + 4 + random.nextInt(10);
        long paymentsMs = 40 + random.nextInt(120);
        long checkoutMs = inventoryMs + paymentsMs + 5 + random.nextInt(10);
        long frontendMs = checkoutMs + 3 + random.nextInt(8);

        byte[] fe = bytes(8);
        byte[] co = bytes(8);
        byte[] inv = bytes(8);
        byte[] db = bytes(8);
        byte[] pay = bytes(8);
        int code = paymentFails ? 502 : 201;
        add(spans, "frontend", span(traceId, fe, null, "POST /api/orders", Span.SpanKind.SPAN_KIND_SERVER, t, frontendMs,
                paymentFails, attr("http.request.method", "POST"), attr("http.route", "/api/orders"),
                attr("http.response.status_code", code), attr("order.id", orderId)));
        add(spans, "checkout", span(traceId, co, fe, "PlaceOrder", Span.SpanKind.SPAN_KIND_SERVER, t + ms(2), checkoutMs,
                paymentFails, attr("rpc.system", "grpc"), attr("order.id", orderId)));
        add(spans, "inventory", span(traceId, inv, co, "ReserveItems", Span.SpanKind.SPAN_KIND_SERVER, t + ms(4),
                inventoryMs, false, attr("rpc.system", "grpc"), attr("items", 1 + random.nextInt(5))));
        add(spans, "inventory", span(traceId, db, inv, "UPDATE stock", Span.SpanKind.SPAN_KIND_CLIENT, t + ms(6), dbMs,
                false, attr("db.system", "postgresql"), attr("db.query.text", "UPDATE stock SET reserved = reserved + $1 WHERE sku = $2")));
        add(spans, "payments", span(traceId, pay, co, "Charge", Span.SpanKind.SPAN_KIND_SERVER,
                t + ms(6 + inventoryMs), paymentsMs, paymentFails, attr("rpc.system", "grpc"),
                attr("payment.provider", random.nextBoolean() ? "acme-pay" : "globex")));

        add(logs, "frontend", log(traceId, fe, t + ms(frontendMs), paymentFails ? 17 : 9, paymentFails ? "ERROR" : "INFO",
                (paymentFails ? "order failed: payment declined upstream " : "order placed ") + orderId, orderId));
        add(logs, "checkout", log(traceId, co, t + ms(3), 9, "INFO", "placing order " + orderId, orderId));
        if (slowDb) {
            add(logs, "inventory", log(traceId, db, t + ms(6 + dbMs), 13, "WARN",
                    "slow query: UPDATE stock took " + dbMs + " ms", orderId));
        }
        if (paymentFails) {
            add(logs, "payments", log(traceId, pay, t + ms(6 + inventoryMs + paymentsMs), 17, "ERROR",
                    "card declined: insufficient funds (provider timeout after 3 retries)", orderId));
        }

        observe("frontend", "POST /api/orders", code, frontendMs);
        observe("checkout", "PlaceOrder", paymentFails ? 500 : 200, checkoutMs);
        observe("inventory", "ReserveItems", 200, inventoryMs);
        observe("payments", "Charge", paymentFails ? 500 : 200, paymentsMs);

        ExportTraceServiceRequest.Builder tr = ExportTraceServiceRequest.newBuilder();
        spans.forEach((service, list) -> tr.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(service))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(list))));
        ExportLogsServiceRequest.Builder lr = ExportLogsServiceRequest.newBuilder();
        logs.forEach((service, list) -> lr.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service))
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(list))));
        return new Request(tr.build(), lr.build(), hex(traceId), paymentFails);
    }

    /** Every service's cumulative request counts and latency histograms so far, plus a gauge or two. */
    ExportMetricsServiceRequest metrics(long nowNanos) {
        ExportMetricsServiceRequest.Builder out = ExportMetricsServiceRequest.newBuilder();
        for (String service : SERVICES) {
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
            io.opentelemetry.proto.metrics.v1.Sum.Builder count = io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                    .setIsMonotonic(true).setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            requests.forEach((key, n) -> {
                String[] k = key.split("\\|");
                if (k[0].equals(service)) {
                    count.addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(startNanos)
                            .setTimeUnixNano(nowNanos).setAsInt(n[0]).addAttributes(attr("route", k[1]))
                            .addAttributes(attr("code", Integer.parseInt(k[2]))));
                }
            });
            Histogram.Builder latency = Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
            buckets.forEach((key, b) -> {
                String[] k = key.split("\\|");
                if (k[0].equals(service)) {
                    HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setStartTimeUnixNano(startNanos)
                            .setTimeUnixNano(nowNanos).addAttributes(attr("route", k[1]))
                            .setSum(sums.get(key)[0]).setCount(java.util.Arrays.stream(b).sum());
                    for (double bound : BOUNDS_MS) {
                        p.addExplicitBounds(bound);
                    }
                    for (long c : b) {
                        p.addBucketCounts(c);
                    }
                    latency.addDataPoints(p);
                }
            });
            if (count.getDataPointsCount() > 0) {
                scope.addMetrics(Metric.newBuilder().setName("demo.requests").setUnit("{request}")
                        .setDescription("Requests handled, by route and status code.").setSum(count));
                scope.addMetrics(Metric.newBuilder().setName("demo.request.duration").setUnit("ms")
                        .setDescription("Request latency, by route.").setHistogram(latency));
            }
            scope.addMetrics(Metric.newBuilder().setName("demo.inflight").setUnit("{request}")
                    .setDescription("Requests in progress.").setGauge(Gauge.newBuilder().addDataPoints(
                            NumberDataPoint.newBuilder().setTimeUnixNano(nowNanos).setAsInt(random.nextInt(12)))));
            out.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(service)).addScopeMetrics(scope));
        }
        return out.build();
    }

    private void observe(String service, String route, int code, long millis) {
        requests.computeIfAbsent(service + "|" + route + "|" + code, k -> new long[1])[0]++;
        long[] b = buckets.computeIfAbsent(service + "|" + route, k -> new long[BOUNDS_MS.length + 1]);
        int i = 0;
        while (i < BOUNDS_MS.length && millis > BOUNDS_MS[i]) {
            i++;
        }
        b[i]++;
        sums.computeIfAbsent(service + "|" + route, k -> new double[1])[0] += millis;
    }

    private static <T> void add(Map<String, List<T>> by, String service, T item) {
        by.computeIfAbsent(service, k -> new ArrayList<>()).add(item);
    }

    private Span span(byte[] traceId, byte[] spanId, byte[] parent, String name, Span.SpanKind kind, long start,
            long millis, boolean error, KeyValue... attributes) {
        Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId)).setName(name).setKind(kind)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + ms(millis));
        if (parent != null) {
            b.setParentSpanId(ByteString.copyFrom(parent));
        }
        for (KeyValue kv : attributes) {
            b.addAttributes(kv);
        }
        if (error) {
            b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("payment declined"));
        }
        return b.build();
    }

    private static LogRecord log(byte[] traceId, byte[] spanId, long time, int severity, String text, String body,
            String orderId) {
        return LogRecord.newBuilder().setTimeUnixNano(time).setObservedTimeUnixNano(time)
                .setSeverityNumber(io.opentelemetry.proto.logs.v1.SeverityNumber.forNumber(severity))
                .setSeverityText(text).setBody(AnyValue.newBuilder().setStringValue(body))
                .setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                .addAttributes(attr("order.id", orderId)).build();
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(attr("service.name", service))
                .addAttributes(attr("service.namespace", "demo")).addAttributes(attr("service.instance.id", service + "-0"))
                .addAttributes(attr("deployment.environment.name", "demo")).build();
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        do {
            random.nextBytes(b);
        } while (allZero(b));
        return b;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
