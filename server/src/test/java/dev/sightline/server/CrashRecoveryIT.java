package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acknowledged means durable, for every signal: concurrent clients export to the server running as a child
 * process over OTLP/HTTP, the process is killed with SIGKILL mid-stream, twice on the same data folder, and after
 * a restart every acknowledged item is there exactly once, read back through the query API. What differs per
 * signal (the export, what an acknowledgement promises, how it is read back) is a {@link Traffic}.
 */
class CrashRecoveryIT {
    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    static Stream<Traffic> signals() {
        return Stream.of(new Traces(), new Logs(), new Metrics(), new RemoteWrite());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signals")
    void everyAcknowledgedItemSurvivesKillNineExactlyOnce(Traffic traffic) throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("CrashRecoveryIT[" + traffic + "] seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Path data = tmp.resolve("data");
        Random seeds = new Random(seed);
        for (int cycle = 0; cycle < 2; cycle++) {
            ChildServer server = ChildServer.start(data, tmp.resolve("server-" + cycle + ".log"));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                Random random = new Random(seeds.nextLong());
                String name = "c" + cycle + "x" + c;
                clients.submit(() -> send(server, traffic, client, name, random, stop));
            }
            // Kill mid-stream, but only once this cycle has acknowledged exports, so there is something to replay
            // even when a busy machine makes the server slow.
            int before = traffic.acknowledged();
            long deadline = System.nanoTime() + 60_000_000_000L;
            Thread.sleep(1500 + seeds.nextInt(1000));
            while (traffic.acknowledged() < before + 10 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            server.kill(); // mid-stream: requests are in flight
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(traffic.acknowledged()).as("%s acknowledged before the kills", traffic.unit())
                .isGreaterThan(traffic.minimumAcknowledged());
        try (ChildServer server = ChildServer.start(data, tmp.resolve("server-final.log"))) {
            traffic.verify(server);
            Matcher m = Pattern.compile("\\((\\d+) WAL records replayed\\)").matcher(server.logText());
            assertThat(m.find()).as("start-up line").isTrue();
            if (traffic.replayCertain()) {
                assertThat(Long.parseLong(m.group(1))).as("records replayed after kill -9").isPositive();
            }
            System.out.println("CrashRecoveryIT[" + traffic + "]: " + traffic.acknowledged() + " " + traffic.unit()
                    + " acknowledged and found after two kills");
        }
    }

    private static void send(ChildServer server, Traffic traffic, int client, String name, Random random,
            AtomicBoolean stop) {
        while (!stop.get()) {
            Export export = traffic.next(client, name, random);
            try {
                TestHttp.Response r = TestHttp.post(server.otlpHttp(traffic.path()), export.body(), traffic.headers());
                if (r.status() == traffic.acknowledgedStatus()) {
                    export.onAcknowledged().run();
                }
            } catch (Exception e) {
                // the server died mid-request: not acknowledged
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
    }

    /** One export request and what its acknowledgement adds to what must survive. */
    record Export(byte[] body, Runnable onAcknowledged) {
    }

    /** What one signal's clients send, and how the restarted server is checked. Thread-safe. */
    abstract static class Traffic {
        private final String path;
        private final String unit;
        private final int minimumAcknowledged;
        private final boolean replayCertain;

        /**
         * @param minimumAcknowledged fewer items acknowledged over both cycles means the test proved nothing
         * @param replayCertain whether a kill mid-stream always leaves WAL records past the last checkpoint
         */
        Traffic(String path, String unit, int minimumAcknowledged, boolean replayCertain) {
            this.path = path;
            this.unit = unit;
            this.minimumAcknowledged = minimumAcknowledged;
            this.replayCertain = replayCertain;
        }

        String path() {
            return path;
        }

        /** Request headers, as name/value pairs. */
        String[] headers() {
            return new String[] {"Content-Type", "application/x-protobuf"};
        }

        /** The status that acknowledges a request. */
        int acknowledgedStatus() {
            return 200;
        }

        String unit() {
            return unit;
        }

        int minimumAcknowledged() {
            return minimumAcknowledged;
        }

        boolean replayCertain() {
            return replayCertain;
        }

        /** The next export of a client ({@code name} is unique per client and cycle). */
        abstract Export next(int client, String name, Random random);

        /** Items acknowledged so far. */
        abstract int acknowledged();

        /** Every acknowledged item is readable from {@code server}, exactly once. */
        abstract void verify(ChildServer server) throws Exception;

        @Override
        public String toString() {
            return path().substring("/v1/".length());
        }
    }

    /** Traces of five spans; each acknowledged trace must come back by ID with exactly its spans. */
    static final class Traces extends Traffic {
        private static final int SPANS_PER_TRACE = 5;
        private final Map<String, Set<String>> acknowledged = new ConcurrentHashMap<>();

        Traces() {
            super("/v1/traces", "traces", 20, true);
        }

        @Override
        Export next(int client, String name, Random random) {
            byte[] trace = OtlpRequests.randomId(random, 16);
            long now = OtlpRequests.nowNanos();
            List<Span> spans = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < SPANS_PER_TRACE; i++) {
                byte[] spanId = OtlpRequests.randomId(random, 8);
                spans.add(OtlpRequests.span(trace, spanId, "op-" + i, now + i, now + i + 1000));
                ids.add(hex(spanId));
            }
            byte[] body = OtlpRequests.request("crash-test", spans).toByteArray();
            return new Export(body, () -> acknowledged.put(hex(trace), ids));
        }

        @Override
        int acknowledged() {
            return acknowledged.size();
        }

        @Override
        void verify(ChildServer server) throws Exception {
            for (Map.Entry<String, Set<String>> e : acknowledged.entrySet()) {
                TestHttp.Response r = TestHttp.get(server.query("/api/traces/" + e.getKey()));
                assertThat(r.status()).as("trace %s after restart", e.getKey()).isEqualTo(200);
                JsonNode spans = r.json().at("/data/0/spans");
                List<String> ids = new ArrayList<>();
                spans.forEach(s -> ids.add(s.get("spanID").asText()));
                assertThat(ids).as("spans of trace %s", e.getKey())
                        .doesNotHaveDuplicates()
                        .containsExactlyInAnyOrderElementsOf(e.getValue());
            }
        }
    }

    /** Batches of five log records with unique IDs; a search after the restart finds each acknowledged one once. */
    static final class Logs extends Traffic {
        private static final int RECORDS_PER_BATCH = 5;
        private final long startedAt = OtlpRequests.nowNanos();
        private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        private final Map<String, AtomicLong> batches = new ConcurrentHashMap<>();

        Logs() {
            super("/v1/logs", "records", 100, false);
        }

        @Override
        Export next(int client, String name, Random random) {
            long batch = batches.computeIfAbsent(name, n -> new AtomicLong()).getAndIncrement();
            long now = OtlpRequests.nowNanos();
            List<String> ids = new ArrayList<>();
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            for (int i = 0; i < RECORDS_PER_BATCH; i++) {
                String id = name + "-" + batch + "-" + i;
                ids.add(id);
                scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(now + random.nextInt(3))
                        .setBody(AnyValue.newBuilder().setStringValue("crash test record " + id))
                        .addAttributes(KeyValue.newBuilder().setKey("rid")
                                .setValue(AnyValue.newBuilder().setStringValue(id))));
            }
            ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs
                    .newBuilder().setResource(resource("crash-logs")).addScopeLogs(scope)).build();
            return new Export(request.toByteArray(), () -> acknowledged.addAll(ids));
        }

        @Override
        int acknowledged() {
            return acknowledged.size();
        }

        @Override
        void verify(ChildServer server) {
            String params = "query=service:crash-logs&order=asc&start=" + (startedAt - 60_000_000_000L) + "&end="
                    + (OtlpRequests.nowNanos() + 60_000_000_000L);
            List<JsonNode> found = LogSearches.awaitRecords(server.query(""), params, acknowledged.size());
            List<String> ids = new ArrayList<>();
            found.forEach(r -> ids.add(r.at("/attributes/rid").asText()));
            assertThat(ids).as("records found after two kills").doesNotHaveDuplicates().containsAll(acknowledged);
        }
    }

    /**
     * A gauge and a delta counter in each request, one series of each per client, one timestamp per request: every
     * acknowledged sample is there, each timestamp once, and the accumulated delta counter counts each durable
     * request exactly once. Read back through PromQL (a range selector returns the raw samples).
     */
    static final class Metrics extends Traffic {
        private final long base = System.currentTimeMillis() - 3_600_000;
        private final Map<Integer, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> next = new ConcurrentHashMap<>();

        Metrics() {
            super("/v1/metrics", "samples", 20, true);
        }

        @Override
        Export next(int client, String name, Random random) {
            long k = next.computeIfAbsent(client, c -> new AtomicLong()).getAndIncrement();
            long t = base + k * 1000;
            return new Export(request(client, t, k).toByteArray(),
                    () -> acknowledged.computeIfAbsent(client, c -> ConcurrentHashMap.newKeySet()).add(t));
        }

        @Override
        int acknowledged() {
            return acknowledged.values().stream().mapToInt(Set::size).sum();
        }

        @Override
        void verify(ChildServer server) throws Exception {
            for (Map.Entry<Integer, Set<Long>> e : acknowledged.entrySet()) {
                int c = e.getKey();
                long[][] gauge = samples(server, "crash_gauge", c);
                long[][] counter = samples(server, "crash_requests_total", c);
                Set<Long> stored = new HashSet<>();
                for (long[] s : gauge) {
                    assertThat(stored.add(s[0])).as("timestamp once").isTrue();
                    assertThat(s[1]).as("gauge value encodes its timestamp").isEqualTo(s[0] - base);
                }
                assertThat(stored).as("client %s: acknowledged ⊆ stored", c).containsAll(e.getValue());
                assertThat(timestamps(counter)).as("counter and gauge share each request")
                        .containsExactly(timestamps(gauge));
                for (int i = 0; i < counter.length; i++) {
                    assertThat(counter[i][1]).as("delta counter at %d counts each durable request once", i)
                            .isEqualTo(i + 1);
                }
            }
        }

        /** The raw samples of {@code name{client="c"}} as (ms, value) pairs, from an instant range selector. */
        static long[][] samples(ChildServer server, String name, int client) throws Exception {
            String query = name + "{client=\"" + client + "\"}[3h]";
            TestHttp.Response r = TestHttp.get(server.query("/api/v1/query?query="
                    + java.net.URLEncoder.encode(query, java.nio.charset.StandardCharsets.UTF_8)
                    + "&time=" + (System.currentTimeMillis() / 1000.0)));
            assertThat(r.status()).as("%s: %s", query, r.body()).isEqualTo(200);
            JsonNode result = r.json().at("/data/result");
            assertThat(result.size()).as("series of %s", query).isEqualTo(1);
            JsonNode values = result.get(0).get("values");
            long[][] out = new long[values.size()][];
            for (int i = 0; i < values.size(); i++) {
                JsonNode v = values.get(i);
                out[i] = new long[] {Math.round(v.get(0).asDouble() * 1000), (long) Double.parseDouble(v.get(1).asText())};
            }
            return out;
        }

        private static long[] timestamps(long[][] samples) {
            long[] out = new long[samples.length];
            for (int i = 0; i < samples.length; i++) {
                out[i] = samples[i][0];
            }
            return out;
        }

        private static ExportMetricsServiceRequest request(int client, long tMillis, long k) {
            KeyValue clientLabel = KeyValue.newBuilder().setKey("client")
                    .setValue(AnyValue.newBuilder().setStringValue(Integer.toString(client))).build();
            long nanos = tMillis * 1_000_000L;
            NumberDataPoint gauge = NumberDataPoint.newBuilder().setTimeUnixNano(nanos).setAsDouble(k * 1000)
                    .addAttributes(clientLabel).build();
            NumberDataPoint delta = NumberDataPoint.newBuilder().setStartTimeUnixNano(nanos - 1).setTimeUnixNano(nanos)
                    .setAsInt(1).addAttributes(clientLabel).build();
            return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(resource("crash-test"))
                    .addScopeMetrics(ScopeMetrics.newBuilder()
                            .addMetrics(Metric.newBuilder().setName("crash.gauge").setGauge(Gauge.newBuilder()
                                    .addDataPoints(gauge)))
                            .addMetrics(Metric.newBuilder().setName("crash.requests").setSum(Sum.newBuilder()
                                    .setIsMonotonic(true)
                                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                    .addDataPoints(delta))))).build();
        }
    }

    /**
     * Prometheus remote-write (logged as the request body, replayed by decoding it again): one series per client,
     * one sample per request; every acknowledged sample is there once after the kills, read back through PromQL.
     */
    static final class RemoteWrite extends Traffic {
        private final long base = System.currentTimeMillis() - 3_600_000;
        private final Map<Integer, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> next = new ConcurrentHashMap<>();

        RemoteWrite() {
            super("/api/v1/write", "samples", 20, true);
        }

        @Override
        String[] headers() {
            return new String[] {"Content-Type", "application/x-protobuf", "Content-Encoding", "snappy",
                "X-Prometheus-Remote-Write-Version", "0.1.0"};
        }

        @Override
        int acknowledgedStatus() {
            return 204;
        }

        @Override
        Export next(int client, String name, Random random) {
            long k = next.computeIfAbsent(client, c -> new AtomicLong()).getAndIncrement();
            long t = base + k * 1000;
            try {
                byte[] body = RemoteWriteRequests.snappy(RemoteWriteRequests.writeRequest(List.of(
                        new RemoteWriteRequests.Series(Map.of("__name__", "crash_rw", "client", Integer.toString(client),
                                "job", "crash"), new long[] {t}, new double[] {t - base})), List.of()));
                return new Export(body,
                        () -> acknowledged.computeIfAbsent(client, c -> ConcurrentHashMap.newKeySet()).add(t));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        int acknowledged() {
            return acknowledged.values().stream().mapToInt(Set::size).sum();
        }

        @Override
        void verify(ChildServer server) throws Exception {
            for (Map.Entry<Integer, Set<Long>> e : acknowledged.entrySet()) {
                long[][] samples = Metrics.samples(server, "crash_rw", e.getKey());
                Set<Long> stored = new HashSet<>();
                for (long[] s : samples) {
                    assertThat(stored.add(s[0])).as("timestamp once").isTrue();
                    assertThat(s[1]).as("value encodes its timestamp").isEqualTo(s[0] - base);
                }
                assertThat(stored).as("client %s: acknowledged ⊆ stored", e.getKey()).containsAll(e.getValue());
            }
        }

        @Override
        public String toString() {
            return "remote-write";
        }
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }
}
