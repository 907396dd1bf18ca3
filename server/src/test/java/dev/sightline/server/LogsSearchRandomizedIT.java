package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated log records over several days go in through OTLP/HTTP; many generated queries (terms,
 * phrases, ranges, wildcards, boolean combinations, time windows) come back through {@code /api/logs/search},
 * paged to the end in both orders, and each answer is compared, record by record and in order, with a plain
 * filter over the generated list. Also the histogram and top values against the same model.
 */
class LogsSearchRandomizedIT {
    private static final int RECORDS = 3000;
    private static final int BATCH = 300;
    private static final int QUERIES = 50;
    private static final long DAY = 86_400_000_000_000L;
    private static final List<String> WORDS = List.of("alpha", "bravo", "charlie", "delta", "echo", "foxtrot",
            "golf", "hotel", "india", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa");
    private static final List<String> SERVICES = List.of("checkout", "payments", "search", "auth");
    private static final List<String> SEVERITIES = List.of("ERROR", "Warn", "info", "DEBUG");
    private static final List<Integer> SEVERITY_NUMBERS = List.of(17, 13, 9, 5);
    private static final List<Long> STATUSES = List.of(200L, 201L, 404L, 500L, 503L);
    private static final List<String> TIERS = List.of("gold", "silver", "bronze");

    @TempDir
    Path data;

    /** What the test sent, and what queries are checked against. */
    record Rec(int index, long time, String service, int severity, List<String> words, long status, double latency,
            String tier) {
        String id() {
            return "r" + index;
        }
    }

    /** A query and the records it must find. */
    record Q(String text, Predicate<Rec> matches) {
    }

    @Test
    void searchesAgreeWithAReferenceFilter() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("LogsSearchRandomizedIT seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        long now = System.currentTimeMillis() * 1_000_000L;
        long first = now - 4 * DAY;
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 900; i++) { // fewer distinct times than records: many ties
            times.add(first + (long) (random.nextDouble() * (4 * DAY - 60_000_000_000L)));
        }
        List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            List<String> words = new ArrayList<>();
            for (int w = 2 + random.nextInt(6); w > 0; w--) {
                words.add(WORDS.get(random.nextInt(WORDS.size())));
            }
            recs.add(new Rec(i, times.get(random.nextInt(times.size())), pick(random, SERVICES), random.nextInt(4),
                    words, pick(random, STATUSES), random.nextInt(10_000) / 10.0, pick(random, TIERS)));
        }
        try (InProcessServer server = InProcessServer.start(data)) {
            for (int b = 0; b < RECORDS; b += BATCH) {
                ExportLogsServiceRequest request = request(recs.subList(b, b + BATCH), random);
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/logs"), request.toByteArray(),
                        "Content-Type", "application/x-protobuf");
                assertThat(r.status()).as(r.text()).isEqualTo(200);
            }
            String base = server.query("");
            String all = "start=" + (first - DAY) + "&end=" + (now + 1);
            LogSearches.awaitRecords(base, all, RECORDS);
            assertThat(server.server.storage().logs().partitionNames()).hasSizeGreaterThanOrEqualTo(4);

            for (int i = 0; i < QUERIES; i++) {
                Q q = i == 0 ? new Q("", r -> true) : query(random, 2);
                long start = first - DAY;
                long end = now + 1;
                if (random.nextBoolean()) {
                    long a = first + (long) (random.nextDouble() * 4 * DAY);
                    long b = first + (long) (random.nextDouble() * 4 * DAY);
                    start = Math.min(a, b) / 1_000_000 * 1_000_000;
                    end = Math.max(a, b) / 1_000_000 * 1_000_000;
                }
                boolean desc = random.nextBoolean();
                int limit = List.of(97, 250, 1000, 10_000).get(random.nextInt(4));
                long s = start;
                long e = end;
                List<String> expected = recs.stream().filter(r -> r.time() >= s && r.time() < e).filter(q.matches())
                        .sorted(desc ? Comparator.comparingLong(Rec::time).thenComparingInt(Rec::index).reversed()
                                : Comparator.comparingLong(Rec::time).thenComparingInt(Rec::index))
                        .map(Rec::id).toList();
                String params = "query=" + LogSearches.enc(q.text()) + "&start=" + LogSearches.enc(time(random, start))
                        + "&end=" + LogSearches.enc(time(random, end)) + "&order=" + (desc ? "desc" : "asc");
                List<String> got = LogSearches.all(base, params, limit).stream()
                        .map(n -> n.at("/attributes/rid").asText()).toList();
                assertThat(got).as("query %s (%s, limit %d, seed %d)", q.text(), params, limit, seed)
                        .isEqualTo(expected);
            }

            // Small pages through ties: a selective query, 7 at a time, both orders.
            for (boolean desc : new boolean[] {false, true}) {
                Q q = new Q("service:auth AND severity:error", r -> r.service().equals("auth") && r.severity() == 0);
                List<String> got = LogSearches.all(base, "query=" + LogSearches.enc(q.text()) + "&" + all + "&order="
                        + (desc ? "desc" : "asc"), 7).stream().map(n -> n.at("/attributes/rid").asText()).toList();
                assertThat(got).doesNotHaveDuplicates().hasSize((int) recs.stream().filter(q.matches()).count());
            }

            long step = DAY / 4;
            long hStart = first / DAY * DAY;
            long hEnd = hStart + 5 * DAY;
            JsonNode h = TestHttp.get(base + "/api/logs/histogram?query=" + LogSearches.enc("severity:warn") + "&start="
                    + hStart + "&end=" + hEnd + "&step=6h").json();
            assertThat(h.get("buckets")).hasSize(20);
            for (int i = 0; i < 20; i++) {
                long bs = hStart + i * step;
                long expected = recs.stream().filter(r -> r.severity() == 1 && r.time() >= bs && r.time() < bs + step)
                        .count();
                assertThat(h.at("/buckets/" + i + "/count").asLong()).as("bucket %d", i).isEqualTo(expected);
            }
            JsonNode values = TestHttp.get(base + "/api/logs/fields/service/values?query=alpha&" + all).json();
            Map<String, Long> counts = new HashMap<>();
            recs.stream().filter(r -> r.words().contains("alpha")).forEach(r -> counts.merge(r.service(), 1L, Long::sum));
            assertThat(values.get("values")).hasSize(counts.size());
            values.get("values").forEach(v -> assertThat(v.get("count").asLong()).as(v.toString())
                    .isEqualTo(counts.get(v.get("value").asText())));
            JsonNode fields = TestHttp.get(base + "/api/logs/fields?" + all).json();
            assertThat(fields.get("fields").toString()).contains("\"attributes.tier\"", "\"service\"", "\"body\"")
                    .doesNotContain("#num", "\"_time\"");
        }
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static String time(Random random, long nanos) {
        return switch (random.nextInt(3)) {
            case 0 -> Long.toString(nanos);
            case 1 -> Long.toString(nanos / 1_000_000); // windows are whole milliseconds
            default -> Instant.ofEpochSecond(0, nanos).toString();
        };
    }

    private static Q query(Random random, int depth) {
        if (depth == 0 || random.nextInt(3) == 0) {
            return atom(random);
        }
        Q a = query(random, depth - 1);
        Q b = query(random, depth - 1);
        return switch (random.nextInt(4)) {
            case 0 -> new Q("(" + a.text() + ") AND (" + b.text() + ")", r -> a.matches().test(r) && b.matches().test(r));
            case 1 -> new Q("(" + a.text() + ") OR (" + b.text() + ")", r -> a.matches().test(r) || b.matches().test(r));
            case 2 -> new Q("(" + a.text() + ") AND NOT (" + b.text() + ")",
                    r -> a.matches().test(r) && !b.matches().test(r));
            default -> new Q("(" + a.text() + ") (" + b.text() + ")", r -> a.matches().test(r) && b.matches().test(r));
        };
    }

    private static Q atom(Random random) {
        String w = pick(random, WORDS);
        String w2 = pick(random, WORDS);
        return switch (random.nextInt(11)) {
            case 0 -> new Q(w, r -> r.words().contains(w));
            case 1 -> new Q("\"" + w + " " + w2 + "\"", r -> adjacent(r.words(), w, w2));
            case 2 -> {
                String s = pick(random, SERVICES);
                yield new Q("service:" + s, r -> r.service().equals(s));
            }
            case 3 -> {
                int sev = random.nextInt(4);
                String text = random.nextBoolean() ? SEVERITIES.get(sev).toUpperCase(Locale.ROOT)
                        : SEVERITIES.get(sev).toLowerCase(Locale.ROOT);
                yield new Q("severity:" + text, r -> r.severity() == sev);
            }
            case 4 -> {
                int lo = 1 + random.nextInt(20);
                int hi = lo + random.nextInt(10);
                yield new Q("severity_number:[" + lo + " TO " + hi + "]", r -> {
                    int n = SEVERITY_NUMBERS.get(r.severity());
                    return n >= lo && n <= hi;
                });
            }
            case 5 -> {
                long lo = pick(random, STATUSES);
                long hi = lo + random.nextInt(400);
                yield new Q("attributes.http.status_code:[" + lo + " TO " + hi + "}", r -> r.status() >= lo && r.status() < hi);
            }
            case 6 -> {
                double x = random.nextInt(1000);
                yield random.nextBoolean() ? new Q("attributes.latency:>" + x, r -> r.latency() > x)
                        : new Q("attributes.latency:[" + x + " TO " + (x + 150) + "]",
                                r -> r.latency() >= x && r.latency() <= x + 150);
            }
            case 7 -> {
                String t = pick(random, TIERS);
                yield new Q("attributes.tier:" + t, r -> r.tier().equals(t));
            }
            case 8 -> {
                String prefix = w.substring(0, 2);
                yield new Q(prefix + "*", r -> r.words().stream().anyMatch(x -> x.startsWith(prefix)));
            }
            case 9 -> new Q("-" + w, r -> !r.words().contains(w));
            default -> {
                String s = pick(random, SERVICES);
                yield new Q(w + " AND resource.service.name:" + s, r -> r.words().contains(w) && r.service().equals(s));
            }
        };
    }

    private static boolean adjacent(List<String> words, String a, String b) {
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals(a) && words.get(i + 1).equals(b)) {
                return true;
            }
        }
        return false;
    }

    private static ExportLogsServiceRequest request(List<Rec> recs, Random random) {
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        for (Rec r : recs) {
            LogRecord.Builder lr = LogRecord.newBuilder()
                    .setSeverityNumberValue(SEVERITY_NUMBERS.get(r.severity()))
                    .setSeverityText(SEVERITIES.get(r.severity()))
                    .setBody(AnyValue.newBuilder().setStringValue(String.join(" ", r.words())))
                    .addAttributes(attr("rid", AnyValue.newBuilder().setStringValue(r.id()).build()))
                    .addAttributes(attr("http.status_code", AnyValue.newBuilder().setIntValue(r.status()).build()))
                    .addAttributes(attr("latency", AnyValue.newBuilder().setDoubleValue(r.latency()).build()))
                    .addAttributes(attr("tier", AnyValue.newBuilder().setStringValue(r.tier()).build()));
            if (random.nextInt(10) == 0) {
                lr.setObservedTimeUnixNano(r.time()); // no time: the observed time stands in
            } else {
                lr.setTimeUnixNano(r.time()).setObservedTimeUnixNano(r.time() + 1000);
            }
            if (random.nextInt(4) == 0) {
                lr.setTraceId(ByteString.copyFrom(OtlpRequests.randomId(random, 16)));
            }
            b.addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(attr("service.name",
                            AnyValue.newBuilder().setStringValue(r.service()).build())))
                    .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(lr)));
        }
        return b.build();
    }

    private static KeyValue attr(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }
}
