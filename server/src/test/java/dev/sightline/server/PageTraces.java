package dev.sightline.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The traces and logs the page tests look at, made with the real OpenTelemetry SDK and exported over OTLP/gRPC:
 * a small two-service trace with known nesting, attributes, an event, a link, an error and markup in its
 * strings; a second trace sharing its request ID; logs on the first trace's spans; and a 10,000-span trace.
 */
final class PageTraces {
    static final String REQUEST_ID = "req-ui-42";
    static final String XSS_SCRIPT = "<script>window.__xss='script';alert('script')</script>";
    static final String XSS_IMG = "<img src=x onerror=\"window.__xss='img';alert('img')\">";
    static final String XSS_STATUS = "<b>upstream</b> failed";
    static final String XSS_LOG = "<img src=x onerror=\"window.__xss='log';alert('log')\"> query failed <script>window.__xss='log2'</script>";
    static final int LOG_COUNT = 4;

    String traceId;
    String retryTraceId;
    /** Span name → span ID of the page trace, in display order; "root" is the root. */
    final Map<String, String> spans = new LinkedHashMap<>();
    /** Span name → depth in the page trace. */
    final Map<String, Integer> depths = new LinkedHashMap<>();
    String bigTraceId;
    int bigSpanCount;
    boolean logsExported;

    private static Resource resource(String service) {
        return Resource.create(Attributes.builder().put("service.name", service).put("host.name", service + "-1")
                .put("deployment.environment", "test").build());
    }

    private static SdkTracerProvider tracerProvider(String endpoint, String service) {
        return SdkTracerProvider.builder().setResource(resource(service))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build())
                        .setMaxQueueSize(20_000).setMaxExportBatchSize(1_000).build())
                .build();
    }

    /** Exports everything; {@code linked} is a span of another trace that the page trace links to. */
    static PageTraces export(String endpoint, SpanContext linked) {
        PageTraces out = new PageTraces();
        SdkTracerProvider webProvider = tracerProvider(endpoint, "web");
        SdkTracerProvider ordersProvider = tracerProvider(endpoint, "orders");
        Tracer web = webProvider.get("page-it");
        Tracer orders = ordersProvider.get("page-it");
        long ms = 1_000_000L;
        long t0 = System.currentTimeMillis() * ms - 120_000 * ms;

        Span root = web.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).setNoParent()
                .setStartTimestamp(t0, TimeUnit.NANOSECONDS)
                .setAttribute("request.id", REQUEST_ID).setAttribute("xss.script", XSS_SCRIPT)
                .setAttribute("xss.img", XSS_IMG).setAttribute(AttributeKey.longKey("http.response.status_code"), 502L)
                .startSpan();
        root.setStatus(StatusCode.ERROR, XSS_STATUS);
        Span client = web.spanBuilder("orders.Get").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(root))
                .setStartTimestamp(t0 + 5 * ms, TimeUnit.NANOSECONDS).startSpan();
        Span server = orders.spanBuilder("GetOrder").setSpanKind(SpanKind.SERVER).setParent(Context.root().with(client))
                .setStartTimestamp(t0 + 6 * ms, TimeUnit.NANOSECONDS).addLink(linked)
                .setAttribute("order.id", "o-1001").setAttribute(AttributeKey.longKey("db.rows"), 3L).startSpan();
        server.addEvent("cache miss", Attributes.of(AttributeKey.stringKey("cache"), "orders"), t0 + 7 * ms,
                TimeUnit.NANOSECONDS);
        Span q1 = orders.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(server))
                .setStartTimestamp(t0 + 10 * ms, TimeUnit.NANOSECONDS).setAttribute("db.system", "postgresql").startSpan();
        Span q2 = orders.spanBuilder("SELECT items").setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(server))
                .setStartTimestamp(t0 + 45 * ms, TimeUnit.NANOSECONDS).setAttribute("db.system", "postgresql").startSpan();
        // Runs while orders.Get is in flight and ends long before it: not on the critical path.
        Span render = web.spanBuilder("render").setSpanKind(SpanKind.INTERNAL).setParent(Context.root().with(root))
                .setStartTimestamp(t0 + 20 * ms, TimeUnit.NANOSECONDS).startSpan();
        render.end(t0 + 30 * ms, TimeUnit.NANOSECONDS);
        q1.end(t0 + 40 * ms, TimeUnit.NANOSECONDS);
        q2.end(t0 + 90 * ms, TimeUnit.NANOSECONDS);
        server.end(t0 + 94 * ms, TimeUnit.NANOSECONDS);
        client.end(t0 + 95 * ms, TimeUnit.NANOSECONDS);
        root.end(t0 + 100 * ms, TimeUnit.NANOSECONDS);
        out.traceId = root.getSpanContext().getTraceId();
        out.put("root", root, 0);
        out.put("orders.Get", client, 1);
        out.put("GetOrder", server, 2);
        out.put("SELECT orders", q1, 3);
        out.put("SELECT items", q2, 3);
        out.put("render", render, 1);

        Span retry = web.spanBuilder("GET /orders/{id}").setSpanKind(SpanKind.SERVER).setNoParent()
                .setStartTimestamp(t0 + 1_000 * ms, TimeUnit.NANOSECONDS).setAttribute("request.id", REQUEST_ID)
                .startSpan();
        retry.end(t0 + 1_040 * ms, TimeUnit.NANOSECONDS);
        out.retryTraceId = retry.getSpanContext().getTraceId();

        out.exportBig(web, orders, t0 - 60_000 * ms);
        flush(webProvider);
        flush(ordersProvider);
        out.logsExported = out.exportLogs(endpoint, t0, root, server, q1, q2);
        return out;
    }

    private void put(String name, Span span, int depth) {
        spans.put(name, span.getSpanContext().getSpanId());
        depths.put(name, depth);
    }

    /** 10,000 spans, each the child of one of the 200 most recent, inside its parent's time; seeded. */
    private void exportBig(Tracer a, Tracer b, long start) {
        Random r = new Random(7);
        long duration = 10_000_000_000L;
        record Made(Span span, long start, long end) {
        }
        List<Made> recent = new ArrayList<>();
        Span root = a.spanBuilder("nightly batch").setSpanKind(SpanKind.SERVER).setNoParent()
                .setStartTimestamp(start, TimeUnit.NANOSECONDS).startSpan();
        recent.add(new Made(root, start, start + duration));
        List<Made> all = new ArrayList<>(List.of(recent.get(0)));
        bigSpanCount = 10_000;
        for (int i = 1; i < bigSpanCount; i++) {
            Made p = recent.get(r.nextInt(recent.size()));
            long len = p.end - p.start;
            long s = p.start + (long) (r.nextDouble() * len * 0.5);
            long e = s + 1 + (long) (r.nextDouble() * (p.end - s - 1));
            Span span = (i % 3 == 0 ? b : a).spanBuilder("step " + i).setParent(Context.root().with(p.span))
                    .setSpanKind(i % 3 == 0 ? SpanKind.CLIENT : SpanKind.INTERNAL)
                    .setStartTimestamp(s, TimeUnit.NANOSECONDS).setAttribute(AttributeKey.longKey("step"), (long) i)
                    .startSpan();
            if (i % 997 == 0) {
                span.setStatus(StatusCode.ERROR, "step failed");
            }
            Made m = new Made(span, s, e);
            all.add(m);
            if (recent.size() < 200) {
                recent.add(m);
            } else {
                recent.set(r.nextInt(200), m);
            }
        }
        for (Made m : all) {
            m.span.end(m.end, TimeUnit.NANOSECONDS);
        }
        bigTraceId = root.getSpanContext().getTraceId();
    }

    /** Logs on the page trace's spans; false when the server did not take them (no logs API yet). */
    private boolean exportLogs(String endpoint, long t0, Span root, Span server, Span q1, Span q2) {
        SdkLoggerProvider webLogs = loggerProvider(endpoint, "web");
        SdkLoggerProvider ordersLogs = loggerProvider(endpoint, "orders");
        Logger web = webLogs.get("page-it");
        Logger orders = ordersLogs.get("page-it");
        long ms = 1_000_000L;
        emit(web, root, t0 + 1 * ms, Severity.INFO, "request received", "http.route", "/orders/{id}");
        emit(orders, server, t0 + 8 * ms, Severity.WARN, "cache miss for o-1001", "cache", "orders");
        emit(orders, q1, t0 + 39 * ms, Severity.ERROR, XSS_LOG, "xss.attr", XSS_IMG);
        emit(orders, q2, t0 + 60 * ms, Severity.DEBUG, "rows=3", "db.rows", "3");
        boolean ok = true;
        for (SdkLoggerProvider p : List.of(webLogs, ordersLogs)) {
            ok &= p.forceFlush().join(15, TimeUnit.SECONDS).isSuccess();
            p.shutdown().join(5, TimeUnit.SECONDS);
        }
        return ok;
    }

    private static SdkLoggerProvider loggerProvider(String endpoint, String service) {
        return SdkLoggerProvider.builder().setResource(resource(service))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(
                        OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).build()).build())
                .build();
    }

    private static void emit(Logger logger, Span span, long time, Severity severity, String body, String key,
            String value) {
        logger.logRecordBuilder().setContext(Context.root().with(span)).setTimestamp(time, TimeUnit.NANOSECONDS)
                .setSeverity(severity).setSeverityText(severity.name().replaceAll("\\d", "")).setBody(body)
                .setAttribute(AttributeKey.stringKey(key), value).emit();
    }

    private static void flush(SdkTracerProvider provider) {
        if (!provider.forceFlush().join(60, TimeUnit.SECONDS).isSuccess()) {
            throw new IllegalStateException("span export failed");
        }
        provider.shutdown().join(10, TimeUnit.SECONDS);
    }
}
