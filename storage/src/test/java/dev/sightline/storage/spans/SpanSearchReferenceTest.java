package dev.sightline.storage.spans;

import static dev.sightline.storage.testing.TestSpans.attr;
import static dev.sightline.storage.testing.TestSpans.spanId;
import static dev.sightline.storage.testing.TestSpans.traceId;
import static dev.sightline.storage.testing.TestSpans.traceIdOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.HexIds;
import dev.sightline.storage.model.Signal;
import dev.sightline.storage.traces.TraceStore;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random traces, their spans shuffled over batches of every size (blocks of one span to several full
 * blocks), resources and three days, searched with random queries; every answer is compared with a filter over a
 * plain list of the spans: a trace matches when one span meets every condition, most recent match first.
 * {@code -Dtest.seed=N} reproduces a run.
 */
class SpanSearchReferenceTest {
    private static final long DAY0 = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long DAY = 86_400_000_000_000L;
    private static final String[] SERVICES = {"web", "cart", "pay"};
    private static final String[] NAMES = {"GET /", "GET /cart", "POST /pay", "SELECT"};
    private static final String[] TENANTS = {"t1", "t2", "t3"};
    private static final String[] REGIONS = {"eu", "us"};
    private static final String[] KINDS = {"unspecified", "internal", "server", "client", "producer", "consumer"};
    private static final String[] STATUSES = {"unset", "ok", "error"};

    @TempDir
    Path dir;

    /** A span as the reference knows it; {@code resource} is its group's. */
    record Ref(long trace, long span, long parent, String service, String name, String kind, String status,
            long start, long duration, Map<String, String> attributes, Map<String, String> resource) {
        String traceHex() {
            return traceIdOf(trace).hex();
        }

        boolean tag(String key, String value) {
            return value.equals(attributes.get(key)) || value.equals(resource.get(key));
        }
    }

    @Test
    void randomSearchesMatchTheReferenceFilter() throws IOException {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("SpanSearchReferenceTest seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random r = new Random(seed);
        List<Ref> refs = new ArrayList<>();
        Set<Long> starts = new HashSet<>();
        long spanN = 1;
        for (long t = 1; t <= 400; t++) {
            int n = 1 + r.nextInt(6);
            long traceStart = DAY0 + (long) (r.nextDouble() * 3 * DAY);
            long parent = 0;
            for (int i = 0; i < n; i++) {
                long start = traceStart + r.nextInt(2_000_000) * 1000L; // a trace may cross midnight
                while (!starts.add(start)) {
                    start++;
                }
                Map<String, String> attrs = new LinkedHashMap<>();
                if (r.nextBoolean()) {
                    attrs.put("tenant", TENANTS[r.nextInt(TENANTS.length)]);
                }
                if (r.nextInt(3) == 0) {
                    attrs.put(r.nextBoolean() ? "http.status_code" : "http.response.status_code",
                            r.nextInt(4) == 0 ? "500" : "200");
                }
                if (r.nextInt(4) == 0) {
                    attrs.put("request.id", "r-" + r.nextInt(30));
                }
                String service = SERVICES[r.nextInt(SERVICES.length)];
                refs.add(new Ref(t, spanN, parent, service, NAMES[r.nextInt(NAMES.length)],
                        KINDS[r.nextInt(KINDS.length)], STATUSES[r.nextInt(STATUSES.length)], start,
                        r.nextInt(4) == 0 ? r.nextInt(1000) * 1_000_000L : r.nextInt(1000) * 1000L, attrs,
                        Map.of("service.name", service, "region", REGIONS[r.nextInt(REGIONS.length)])));
                parent = r.nextInt(4) == 0 ? 0 : spanN;
                spanN++;
            }
        }
        List<Ref> shuffled = new ArrayList<>(refs);
        Collections.shuffle(shuffled, r);

        try (TraceStore store = TraceStore.open(dir.resolve("traces"), CorrelationKeys.DEFAULT);
                SpanIndex index = SpanIndex.open(dir.resolve("spans"), 3_600_000)) {
            SpanSearcher spans = new SpanSearcher(store, index, CorrelationKeys.DEFAULT);
            long lsn = 0;
            for (int from = 0; from < shuffled.size(); ) {
                int size = switch (r.nextInt(4)) {
                    case 0 -> 1;
                    case 1 -> 1 + r.nextInt(20);
                    case 2 -> 1 + r.nextInt(200);
                    default -> 1 + r.nextInt(SpanBlockBuilder.MAX_SPANS * 3);
                };
                List<Ref> batch = shuffled.subList(from, Math.min(shuffled.size(), from + size));
                from += batch.size();
                ExportTraceServiceRequest request = request(batch);
                lsn += 1 + r.nextInt(100);
                store.apply(lsn, Signal.TRACES, request);
                index.apply(lsn, Signal.TRACES, request);
                if (r.nextInt(3) == 0) {
                    index.commit(lsn);
                }
            }
            index.refreshNow();

            assertThat(spans.count(new MatchAllDocsQuery())).isEqualTo(refs.size());
            for (int q = 0; q < 400; q++) {
                Map<String, String> tags = new LinkedHashMap<>();
                List<Predicate<Ref>> conditions = new ArrayList<>();
                String service = r.nextInt(3) == 0 ? SERVICES[r.nextInt(SERVICES.length)] : null;
                if (service != null) {
                    conditions.add(s -> s.service.equals(service));
                }
                String name = r.nextInt(4) == 0 ? NAMES[r.nextInt(NAMES.length)] : null;
                if (name != null) {
                    conditions.add(s -> s.name.equals(name));
                }
                int tagCount = r.nextInt(3);
                for (int k = 0; k < tagCount; k++) {
                    Map<String, String> tag = new LinkedHashMap<>();
                    List<Predicate<Ref>> condition = new ArrayList<>();
                    addTag(r, tag, condition);
                    if (!tags.keySet().containsAll(tag.keySet())) { // a key twice would keep only the last value
                        tags.putAll(tag);
                        conditions.addAll(condition);
                    }
                }
                long start = 0;
                long end = Long.MAX_VALUE;
                if (r.nextInt(3) == 0) {
                    start = DAY0 + (long) (r.nextDouble() * 3 * DAY);
                    end = start + (long) (r.nextDouble() * DAY);
                }
                long min = r.nextInt(3) == 0 ? r.nextInt(500) * 1_000_000L : 0;
                long max = r.nextInt(4) == 0 ? min + r.nextInt(500) * 1_000_000L : Long.MAX_VALUE;
                long s0 = start;
                long e0 = end;
                conditions.add(s -> s.start >= s0 && s.start <= e0 && s.duration >= min && s.duration <= max);
                int limit = new int[] {1, 3, 20, 2000}[r.nextInt(4)];
                TraceQuery query = new TraceQuery(service, name, tags, start, end, min, max, limit);
                Predicate<Ref> all = s -> conditions.stream().allMatch(c -> c.test(s));
                assertThat(spans.traceIds(query)).as("%s (seed %d)", query, seed)
                        .containsExactlyElementsOf(expected(refs, all, limit));
                assertThat(spans.count(TraceIdSearch.toLucene(query))).as("spans of %s (seed %d)", query, seed)
                        .isEqualTo(refs.stream().filter(all).count());
            }

            Map<String, Long> edges = new TreeMap<>();
            Map<String, Ref> byId = new HashMap<>();
            refs.forEach(s -> byId.put(s.trace + "/" + s.span, s));
            for (Ref s : refs) {
                Ref p = s.parent == 0 ? null : byId.get(s.trace + "/" + s.parent);
                if (p != null && !p.service.equals(s.service)) {
                    edges.merge(p.service + "->" + s.service, 1L, Long::sum);
                }
            }
            Map<String, Long> got = new TreeMap<>();
            spans.dependencies(0, Long.MAX_VALUE).forEach(e -> got.put(e.parent() + "->" + e.child(), e.callCount()));
            assertThat(got).as("seed %d", seed).isEqualTo(edges);

            for (int v = 0; v < 30; v++) {
                String value = "r-" + v;
                Set<SpanRef> want = new HashSet<>();
                refs.stream().filter(s -> value.equals(s.attributes.get("request.id")))
                        .forEach(s -> want.add(new SpanRef(s.traceHex(), HexIds.toHex(spanId(s.span)))));
                assertThat(new HashSet<>(spans.spansCarrying(value, 1000))).as("%s (seed %d)", value, seed)
                        .isEqualTo(want);
            }
        }
    }

    private static void addTag(Random r, Map<String, String> tags, List<Predicate<Ref>> conditions) {
        switch (r.nextInt(7)) {
            case 0 -> {
                String t = TENANTS[r.nextInt(TENANTS.length)];
                tags.put("tenant", t);
                conditions.add(s -> s.tag("tenant", t));
            }
            case 1 -> {
                String g = REGIONS[r.nextInt(REGIONS.length)];
                tags.put("region", g);
                conditions.add(s -> s.tag("region", g));
            }
            case 2 -> {
                boolean error = r.nextBoolean();
                tags.put("error", Boolean.toString(error));
                conditions.add(s -> s.status.equals("error") == error);
            }
            case 3 -> {
                String k = KINDS[r.nextInt(KINDS.length)];
                tags.put("span.kind", k);
                conditions.add(s -> s.kind.equals(k));
            }
            case 4 -> {
                String st = STATUSES[r.nextInt(STATUSES.length)];
                tags.put("otel.status_code", st.toUpperCase(Locale.ROOT));
                conditions.add(s -> s.status.equals(st));
            }
            case 5 -> {
                String code = r.nextBoolean() ? "500" : "200";
                tags.put("http.status_code", code);
                conditions.add(s -> s.tag("http.status_code", code) || s.tag("http.response.status_code", code));
            }
            default -> {
                String v = "r-" + r.nextInt(30);
                tags.put("request.id", v);
                conditions.add(s -> s.tag("request.id", v));
            }
        }
    }

    private static List<String> expected(List<Ref> refs, Predicate<Ref> match, int limit) {
        Set<String> out = new LinkedHashSet<>();
        refs.stream().filter(match).sorted(Comparator.comparingLong(Ref::start).reversed())
                .forEach(s -> out.add(s.traceHex()));
        return out.stream().limit(limit).toList();
    }

    /** One resource group per (service, region) in the batch, spans in the batch's order. */
    private static ExportTraceServiceRequest request(List<Ref> batch) {
        Map<Map<String, String>, ScopeSpans.Builder> groups = new LinkedHashMap<>();
        for (Ref s : batch) {
            Span.Builder span = Span.newBuilder().setTraceId(traceId(s.trace)).setSpanId(spanId(s.span))
                    .setName(s.name).setKind(Span.SpanKind.forNumber(List.of(KINDS).indexOf(s.kind)))
                    .setStatus(Status.newBuilder().setCodeValue(List.of(STATUSES).indexOf(s.status)))
                    .setStartTimeUnixNano(s.start).setEndTimeUnixNano(s.start + s.duration);
            if (s.parent != 0) {
                span.setParentSpanId(spanId(s.parent));
            }
            s.attributes.forEach((k, v) -> span.addAttributes(k.startsWith("http")
                    ? attr(k, AnyValue.newBuilder().setIntValue(Long.parseLong(v)).build()) : attr(k, v)));
            groups.computeIfAbsent(s.resource, k -> ScopeSpans.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName("scope"))).addSpans(span);
        }
        ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
        groups.forEach((resource, scope) -> {
            Resource.Builder res = Resource.newBuilder();
            resource.forEach((k, v) -> res.addAttributes(attr(k, v)));
            out.addResourceSpans(ResourceSpans.newBuilder().setResource(res).addScopeSpans(scope));
        });
        return out.build();
    }
}
