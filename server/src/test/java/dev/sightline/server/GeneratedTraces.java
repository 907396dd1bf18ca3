package dev.sightline.server;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Multi-service traces made with the real OpenTelemetry SDK and exported over OTLP/gRPC, plus a reference model
 * of every span, so tests can compute by hand what a search must return. frontend (server) → frontend (client) →
 * checkout (server) → sometimes checkout (client) → payment (server); errors, events, links, attributes of every
 * type, an {@code order.id} shared across traces and days.
 */
final class GeneratedTraces {
    static final long DAY = 86_400_000_000_000L;
    static final String[] ROOT_OPS = {"GET /", "GET /cart", "POST /checkout"};

    /** One span as the test expects Sightline to know it. */
    record RefSpan(String traceId, String spanId, String parentId, String service, String name, String kind,
            long start, long end, boolean error, Map<String, String> attributes, Map<String, String> resource) {
        long duration() {
            return end - start;
        }
    }

    final List<RefSpan> spans = new ArrayList<>();
    final List<String> traceIds = new ArrayList<>();
    final Map<String, Integer> spanCounts = new HashMap<>();

    /** Generates {@code traces} traces starting between {@code days} days ago and now, and exports them. */
    static GeneratedTraces export(String grpcEndpoint, long seed, int traces, int days) {
        GeneratedTraces out = new GeneratedTraces();
        Random r = new Random(seed);
        Map<String, SdkTracerProvider> providers = new HashMap<>();
        Map<String, Map<String, String>> resources = new HashMap<>();
        for (String service : List.of("frontend", "checkout", "payment")) {
            String env = service.equals("payment") ? "prod" : "staging";
            resources.put(service, Map.of("service.name", service, "deployment.environment", env));
            providers.put(service, SdkTracerProvider.builder()
                    .setResource(Resource.create(Attributes.builder().put("service.name", service)
                            .put("deployment.environment", env).build()))
                    .addSpanProcessor(BatchSpanProcessor.builder(
                            OtlpGrpcSpanExporter.builder().setEndpoint(grpcEndpoint).build()).build())
                    .build());
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        SpanContext previousRoot = null;
        for (int t = 0; t < traces; t++) {
            long start = now - 60_000_000_000L - (long) (r.nextDouble() * (days * DAY - 120_000_000_000L));
            long rootDuration = 50_000_000L + r.nextInt(450) * 1_000_000L;
            String order = "order-" + r.nextInt(12);
            boolean serverError = r.nextInt(5) == 0;
            Tracer frontend = providers.get("frontend").get("it");
            Tracer checkout = providers.get("checkout").get("it");
            Tracer payment = providers.get("payment").get("it");
            String rootOp = ROOT_OPS[r.nextInt(ROOT_OPS.length)];
            Map<String, String> rootAttrs = Map.of("http.request.method", rootOp.startsWith("GET") ? "GET" : "POST",
                    "http.response.status_code", serverError ? "500" : "200", "order.id", order,
                    "user.vip", Boolean.toString(t % 3 == 0), "cart.items", Long.toString(t % 7));
            Span root = frontend.spanBuilder(rootOp).setSpanKind(SpanKind.SERVER).setNoParent()
                    .setStartTimestamp(start, TimeUnit.NANOSECONDS)
                    .setAttribute("http.request.method", rootAttrs.get("http.request.method"))
                    .setAttribute(AttributeKey.longKey("http.response.status_code"), serverError ? 500L : 200L)
                    .setAttribute("order.id", order)
                    .setAttribute(AttributeKey.booleanKey("user.vip"), t % 3 == 0)
                    .setAttribute(AttributeKey.longKey("cart.items"), (long) (t % 7))
                    .setAttribute(AttributeKey.doubleKey("cart.value"), 10.5 * t)
                    .setAttribute(AttributeKey.stringArrayKey("feature.flags"), List.of("a", "b"))
                    .startSpan();
            if (serverError) {
                root.setStatus(StatusCode.ERROR, "upstream failed");
            }
            String traceId = root.getSpanContext().getTraceId();
            out.traceIds.add(traceId);
            Context rootCtx = Context.root().with(root);
            long cStart = start + 2_000_000L;
            long cEnd = start + rootDuration - 2_000_000L;
            Span client = frontend.spanBuilder("checkout.Process").setSpanKind(SpanKind.CLIENT).setParent(rootCtx)
                    .setStartTimestamp(cStart, TimeUnit.NANOSECONDS).startSpan();
            boolean checkoutError = r.nextInt(10) < 3;
            var serverBuilder = checkout.spanBuilder("Process").setSpanKind(SpanKind.SERVER)
                    .setParent(Context.root().with(client)).setStartTimestamp(cStart + 500_000L, TimeUnit.NANOSECONDS)
                    .setAttribute("checkout.step", "validate");
            if (previousRoot != null) {
                serverBuilder.addLink(previousRoot);
            }
            Span server = serverBuilder.startSpan();
            server.addEvent("validated", Attributes.of(AttributeKey.stringKey("rule"), "stock"),
                    cStart + 600_000L, TimeUnit.NANOSECONDS);
            if (checkoutError) {
                server.setStatus(StatusCode.ERROR, "out of stock");
            }
            List<RefSpan> made = new ArrayList<>();
            if (r.nextBoolean()) {
                Span payClient = checkout.spanBuilder("payment.Charge").setSpanKind(SpanKind.CLIENT)
                        .setParent(Context.root().with(server)).setStartTimestamp(cStart + 1_000_000L,
                                TimeUnit.NANOSECONDS).startSpan();
                Span pay = payment.spanBuilder("Charge").setSpanKind(SpanKind.SERVER)
                        .setParent(Context.root().with(payClient))
                        .setStartTimestamp(cStart + 1_500_000L, TimeUnit.NANOSECONDS)
                        .setAttribute("order.id", order).setAttribute(AttributeKey.longKey("amount.cents"), 100L * t)
                        .startSpan();
                long payEnd = cEnd - 1_000_000L - r.nextInt(1000) * 1000L;
                pay.end(payEnd, TimeUnit.NANOSECONDS);
                payClient.end(payEnd + 200_000L, TimeUnit.NANOSECONDS);
                made.add(ref(traceId, pay, payClient, "payment", "Charge", "server", cStart + 1_500_000L, payEnd,
                        false, Map.of("order.id", order, "amount.cents", Long.toString(100L * t)), resources));
                made.add(ref(traceId, payClient, server, "checkout", "payment.Charge", "client", cStart + 1_000_000L,
                        payEnd + 200_000L, false, Map.of(), resources));
            }
            server.end(cEnd - 500_000L, TimeUnit.NANOSECONDS);
            client.end(cEnd, TimeUnit.NANOSECONDS);
            root.end(start + rootDuration, TimeUnit.NANOSECONDS);
            made.add(ref(traceId, server, client, "checkout", "Process", "server", cStart + 500_000L, cEnd - 500_000L,
                    checkoutError, Map.of("checkout.step", "validate"), resources));
            made.add(ref(traceId, client, root, "frontend", "checkout.Process", "client", cStart, cEnd, false,
                    Map.of(), resources));
            made.add(ref(traceId, root, null, "frontend", rootOp, "server", start, start + rootDuration, serverError,
                    rootAttrs, resources));
            out.spans.addAll(made);
            out.spanCounts.put(traceId, made.size());
            previousRoot = root.getSpanContext();
        }
        for (SdkTracerProvider p : providers.values()) {
            if (!p.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()) {
                throw new IllegalStateException("export failed");
            }
            p.shutdown().join(10, TimeUnit.SECONDS);
        }
        return out;
    }

    private static RefSpan ref(String traceId, Span span, Span parent, String service, String name, String kind,
            long start, long end, boolean error, Map<String, String> attributes,
            Map<String, Map<String, String>> resources) {
        return new RefSpan(traceId, span.getSpanContext().getSpanId(),
                parent == null ? null : parent.getSpanContext().getSpanId(), service, name, kind, start, end, error,
                attributes, resources.get(service));
    }
}
