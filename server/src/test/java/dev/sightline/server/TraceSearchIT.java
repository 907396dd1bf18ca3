package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.GeneratedTraces.RefSpan;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace search, catalogue, dependencies and correlation lookups over SDK-made multi-service traces spread over
 * three days, each answer compared with a reference filter over the same seeded data.
 */
class TraceSearchIT {
    static final int TRACES = 90;
    @TempDir
    static Path data;
    static InProcessServer server;
    static GeneratedTraces generated;
    static long seed;

    @BeforeAll
    static void start() throws Exception {
        seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("TraceSearchIT seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        server = InProcessServer.start(data, "--traces.correlation_keys=order.id,correlation.id");
        generated = GeneratedTraces.export(server.grpcEndpoint(), seed, TRACES, 3);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(search("service=frontend&limit=1500&start=0")).hasSize(TRACES));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<String> search(String query) throws Exception {
        TestHttp.Response r = TestHttp.get(server.query("/api/traces?" + query));
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode t : r.json().get("data")) {
            String id = t.get("traceID").asText();
            assertThat(t.get("spans")).as("whole trace %s", id).hasSize(generated.spanCounts.get(id));
            ids.add(id);
        }
        assertThat(r.json().get("total").asInt()).isEqualTo(ids.size());
        return ids;
    }

    /** The traces a search must return: those with a matching span, most recent match first, then the limit. */
    static List<String> expected(Predicate<RefSpan> match, int limit) {
        Set<String> out = new LinkedHashSet<>();
        generated.spans.stream().filter(match).sorted(Comparator.comparingLong(RefSpan::start).reversed())
                .forEach(s -> out.add(s.traceId()));
        return out.stream().limit(limit).toList();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static boolean attr(RefSpan s, String key, String value) {
        return value.equals(s.attributes().get(key)) || value.equals(s.resource().get(key));
    }

    @Test
    void eachParameterAloneAndCombinedMatchesTheReferenceFilter() throws Exception {
        long now = System.currentTimeMillis() * 1_000_000L;
        long midStart = now - 2 * GeneratedTraces.DAY + 3_600_000_000_000L;
        long midEnd = now - GeneratedTraces.DAY;
        Map<String, Predicate<RefSpan>> cases = new LinkedHashMap<>();
        cases.put("service=checkout", s -> s.service().equals("checkout"));
        cases.put("service=checkout&operation=Process", s -> s.service().equals("checkout") && s.name().equals("Process"));
        cases.put("operation=" + enc("GET /cart"), s -> s.name().equals("GET /cart"));
        cases.put("service=payment", s -> s.service().equals("payment"));
        cases.put("tags=" + enc("{\"error\":\"true\"}"), RefSpan::error);
        cases.put("tags=" + enc("error=false") + "&service=frontend", s -> !s.error() && s.service().equals("frontend"));
        cases.put("tags=" + enc("{\"http.status_code\":\"500\"}"), s -> attr(s, "http.response.status_code", "500"));
        cases.put("tags=" + enc("http.response.status_code=200 http.request.method=POST"),
                s -> attr(s, "http.response.status_code", "200") && attr(s, "http.request.method", "POST"));
        cases.put("tag=" + enc("span.kind:client") + "&service=checkout",
                s -> s.kind().equals("client") && s.service().equals("checkout"));
        cases.put("tags=" + enc("{\"deployment.environment\":\"prod\"}"), s -> attr(s, "deployment.environment", "prod"));
        cases.put("tags=" + enc("{\"user.vip\":\"true\",\"cart.items\":\"3\"}"),
                s -> attr(s, "user.vip", "true") && attr(s, "cart.items", "3"));
        cases.put("tags=" + enc("{\"order.id\":\"order-3\"}"), s -> attr(s, "order.id", "order-3"));
        cases.put("service=frontend&minDuration=200ms&maxDuration=0.4s",
                s -> s.service().equals("frontend") && s.duration() >= 200_000_000L && s.duration() <= 400_000_000L);
        cases.put("minDuration=300ms", s -> s.duration() >= 300_000_000L);
        cases.put("maxDuration=1ms", s -> s.duration() <= 1_000_000L);
        cases.put("service=frontend&start=" + midStart / 1000 + "&end=" + midEnd / 1000,
                s -> s.service().equals("frontend") && s.start() >= midStart && s.start() <= midEnd);
        cases.put("service=checkout&tags=" + enc("{\"otel.status_code\":\"ERROR\"}") + "&minDuration=10ms",
                s -> s.service().equals("checkout") && s.error() && s.duration() >= 10_000_000L);
        cases.put("service=nobody", s -> false);
        for (Map.Entry<String, Predicate<RefSpan>> c : cases.entrySet()) {
            boolean hasTime = c.getKey().contains("start=");
            String q = c.getKey() + (hasTime ? "" : "&start=0");
            for (int limit : new int[] {1500, 7}) {
                assertThat(search(q + "&limit=" + limit)).as("%s&limit=%d (seed %d)", q, limit, seed)
                        .containsExactlyElementsOf(expected(c.getValue(), limit));
            }
        }
    }

    @Test
    void withoutStartTheSearchLooksBackTwoDays() throws Exception {
        long cutoff = System.currentTimeMillis() * 1_000_000L - 2 * GeneratedTraces.DAY;
        List<String> got = search("service=frontend&limit=1500");
        // The server's clock reads a little later than the test's: a trace whose frontend span starts within a
        // minute of the cut-off may fall on either side, so it is left out of the comparison.
        long margin = 60_000_000_000L;
        Set<String> onTheEdge = new TreeSet<>();
        generated.spans.stream().filter(s -> s.service().equals("frontend") && Math.abs(s.start() - cutoff) < margin)
                .forEach(s -> onTheEdge.add(s.traceId()));
        List<String> want = expected(s -> s.service().equals("frontend") && s.start() >= cutoff, 1500);
        assertThat(got.stream().filter(id -> !onTheEdge.contains(id)).toList())
                .containsExactlyElementsOf(want.stream().filter(id -> !onTheEdge.contains(id)).toList());
        assertThat(got).as("the search looks back two days, not the whole store").hasSizeLessThan(
                expected(s -> s.service().equals("frontend"), 1500).size());
    }

    @Test
    void servicesAndOperations() throws Exception {
        JsonNode services = TestHttp.get(server.query("/api/services")).json();
        assertThat(services.get("data")).extracting(JsonNode::asText)
                .containsExactly("checkout", "frontend", "payment");
        assertThat(services.get("total").asInt()).isEqualTo(3);
        Set<String> checkoutOps = new TreeSet<>();
        generated.spans.stream().filter(s -> s.service().equals("checkout")).forEach(s -> checkoutOps.add(s.name()));
        assertThat(TestHttp.get(server.query("/api/services/checkout/operations")).json().get("data"))
                .extracting(JsonNode::asText).containsExactlyElementsOf(checkoutOps);
        JsonNode ops = TestHttp.get(server.query("/api/operations?service=checkout&spanKind=client")).json().get("data");
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).get("name").asText()).isEqualTo("payment.Charge");
        assertThat(ops.get(0).get("spanKind").asText()).isEqualTo("client");
        assertThat(TestHttp.get(server.query("/api/operations?service=checkout")).json().get("data"))
                .hasSize(checkoutOps.size());
        assertThat(TestHttp.get(server.query("/api/services/nobody/operations")).json().get("data")).isEmpty();
    }

    @Test
    void dependenciesAreTheCrossServiceParentChildEdges() throws Exception {
        Map<String, RefSpan> byId = new HashMap<>();
        generated.spans.forEach(s -> byId.put(s.traceId() + s.spanId(), s));
        Map<String, Long> expectedEdges = new TreeMap<>();
        for (RefSpan s : generated.spans) {
            RefSpan parent = s.parentId() == null ? null : byId.get(s.traceId() + s.parentId());
            if (parent != null && !parent.service().equals(s.service())) {
                expectedEdges.merge(parent.service() + "->" + s.service(), 1L, Long::sum);
            }
        }
        long endTs = System.currentTimeMillis() + 60_000;
        JsonNode deps = TestHttp.get(server.query("/api/dependencies?endTs=" + endTs + "&lookback="
                + 4 * 86_400_000L)).json().get("data");
        Map<String, Long> got = new TreeMap<>();
        deps.forEach(d -> got.put(d.get("parent").asText() + "->" + d.get("child").asText(), d.get("callCount").asLong()));
        assertThat(got).isEqualTo(expectedEdges);
        assertThat(got).containsKeys("frontend->checkout", "checkout->payment");
    }

    @Test
    void correlationByOrderIdFindsEveryTraceAcrossDaysWithoutATimeRange() throws Exception {
        Map<String, Set<String>> daysByOrder = new HashMap<>();
        generated.spans.stream().filter(s -> s.attributes().containsKey("order.id")).forEach(s ->
                daysByOrder.computeIfAbsent(s.attributes().get("order.id"), k -> new TreeSet<>())
                        .add(Long.toString(s.start() / GeneratedTraces.DAY)));
        String order = daysByOrder.entrySet().stream().max(Comparator.comparingInt(e -> e.getValue().size()))
                .orElseThrow().getKey();
        assertThat(daysByOrder.get(order)).as("order spread over several days").hasSizeGreaterThan(1);
        JsonNode r = TestHttp.get(server.query("/api/correlations/" + order)).json();
        Set<String> expectedTraces = new TreeSet<>();
        Set<String> expectedSpans = new TreeSet<>();
        generated.spans.stream().filter(s -> order.equals(s.attributes().get("order.id"))).forEach(s -> {
            expectedTraces.add(s.traceId());
            expectedSpans.add(s.spanId());
        });
        Set<String> traces = new TreeSet<>();
        r.get("traces").forEach(t -> {
            traces.add(t.get("traceID").asText());
            assertThat(t.get("relation").asText()).isEqualTo("carries_id");
            assertThat(t.get("rootService").asText()).isEqualTo("frontend");
            assertThat(t.get("spanCount").asInt()).isEqualTo(generated.spanCounts.get(t.get("traceID").asText()));
        });
        assertThat(traces).isEqualTo(expectedTraces);
        Set<String> spans = new TreeSet<>();
        r.get("spans").forEach(s -> spans.add(s.get("spanID").asText()));
        assertThat(spans).isEqualTo(expectedSpans);
        assertThat(r.get("logs").isArray()).isTrue();
        assertThat(r.get("exemplars").isArray()).isTrue();
    }

    @Test
    void correlationByTraceIdGivesTheTraceItsLinksAndItsOrder() throws Exception {
        String traceId = generated.traceIds.get(TRACES / 2);
        String previous = generated.traceIds.get(TRACES / 2 - 1);
        String next = generated.traceIds.get(TRACES / 2 + 1);
        JsonNode r = TestHttp.get(server.query("/api/correlations/" + traceId)).json();
        Map<String, String> relations = new HashMap<>();
        r.get("traces").forEach(t -> relations.put(t.get("traceID").asText(), t.get("relation").asText()));
        assertThat(r.at("/traces/0/traceID").asText()).isEqualTo(traceId);
        assertThat(relations).containsEntry(traceId, "self").containsEntry(previous, "linked")
                .containsEntry(next, "linked_from");
        RefSpan root = generated.spans.stream().filter(s -> s.traceId().equals(traceId) && s.parentId() == null)
                .findFirst().orElseThrow();
        assertThat(r.at("/traces/0/rootOperation").asText()).isEqualTo(root.name());
        assertThat(r.at("/traces/0/duration").asLong()).isEqualTo(root.duration() / 1000);
        String order = root.attributes().get("order.id");
        assertThat(r.get("correlationValues")).extracting(JsonNode::asText).contains(order);
        generated.spans.stream().filter(s -> order.equals(s.attributes().get("order.id")))
                .forEach(s -> assertThat(relations).containsKey(s.traceId()));
        assertThat(TestHttp.get(server.query("/api/correlations/nothing-carries-this")).status()).isEqualTo(404);
    }

    @Test
    void badParametersAre400InJaegersEnvelopeAndUnknownServiceIsEmpty() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("service=frontend&limit=0", "limit");
        bad.put("service=frontend&limit=1501", "limit");
        bad.put("service=frontend&minDuration=fast", "minDuration");
        bad.put("service=frontend&maxDuration=1x", "maxDuration");
        bad.put("service=frontend&start=yesterday", "start");
        bad.put("service=frontend&end=-5", "end");
        bad.put("service=frontend&tags=" + enc("{\"a\":"), "tags");
        bad.put("service=frontend&tags=" + enc("nokey"), "tags");
        bad.put("service=frontend&start=2000&end=1000", "start");
        bad.put("traceID=xyz", "traceID");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            TestHttp.Response r = TestHttp.get(server.query("/api/traces?" + e.getKey()));
            assertThat(r.status()).as(e.getKey()).isEqualTo(400);
            assertThat(r.json().get("data").isNull()).isTrue();
            assertThat(r.json().at("/errors/0/code").asInt()).isEqualTo(400);
            assertThat(r.json().at("/errors/0/msg").asText()).as(e.getKey()).contains("'" + e.getValue() + "'");
        }
        assertThat(TestHttp.get(server.query("/api/operations")).status()).isEqualTo(400);
        assertThat(TestHttp.get(server.query("/api/dependencies?endTs=soon")).status()).isEqualTo(400);
        TestHttp.Response unknown = TestHttp.get(server.query("/api/traces?service=nobody"));
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.json().get("data")).isEmpty();
    }

    @Test
    void tracesCanBeFetchedByIdThroughTheSearchEndpoint() throws Exception {
        String a = generated.traceIds.get(0);
        String b = generated.traceIds.get(1);
        assertThat(search("traceID=" + a + "&traceID=" + b)).containsExactly(a, b);
    }
}
