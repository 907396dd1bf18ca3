package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.Storage;
import dev.sightline.storage.StorageOptions;
import dev.sightline.storage.metrics.SeriesSamples;
import dev.sightline.storage.model.Matcher;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledged means durable, for metrics: clients export a gauge and a delta counter in each request to the
 * server running as a child process, which is killed with SIGKILL mid-stream, twice. The data folder is then
 * recovered (WAL replay into the metric store): every acknowledged sample is there, each timestamp once, and
 * every accumulated delta counter value counts each durable request exactly once.
 */
class CrashRecoveryMetricsIT {
    private static final int CLIENTS = 4;

    @TempDir
    Path tmp;

    @Test
    void everyAcknowledgedSampleSurvivesKillNineExactlyOnce() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("CrashRecoveryMetricsIT seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        Path data = tmp.resolve("data");
        long base = System.currentTimeMillis() - 3_600_000;
        Map<Integer, Set<Long>> acknowledged = new ConcurrentHashMap<>();
        AtomicLong[] next = new AtomicLong[CLIENTS];
        for (int c = 0; c < CLIENTS; c++) {
            next[c] = new AtomicLong();
            acknowledged.put(c, ConcurrentHashMap.newKeySet());
        }
        for (int cycle = 0; cycle < 2; cycle++) {
            ChildServer server = ChildServer.start(data, tmp.resolve("server-" + cycle + ".log"));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> send(server, client, base, next[client], stop, acknowledged.get(client)));
            }
            // Kill mid-stream, once this cycle has acknowledged exports (a busy machine can make the server slow).
            int before = acknowledged.values().stream().mapToInt(Set::size).sum();
            long deadline = System.nanoTime() + 60_000_000_000L;
            Thread.sleep(1500 + random.nextInt(1000));
            while (acknowledged.values().stream().mapToInt(Set::size).sum() < before + 10
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            server.kill();
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        int total = acknowledged.values().stream().mapToInt(Set::size).sum();
        assertThat(total).as("samples acknowledged before the kills").isGreaterThan(20);

        try (Storage storage = Storage.open(StorageOptions.defaults(data))) {
            assertThat(storage.recover()).as("records replayed after kill -9").isPositive();
            for (int c = 0; c < CLIENTS; c++) {
                String client = Integer.toString(c);
                SeriesSamples gauge = read(storage, "crash_gauge", client);
                SeriesSamples counter = read(storage, "crash_requests_total", client);
                Set<Long> stored = new java.util.HashSet<>();
                for (int i = 0; i < gauge.size(); i++) {
                    assertThat(stored.add(gauge.timestamps()[i])).as("timestamp once").isTrue();
                    assertThat(gauge.values()[i]).as("gauge value encodes its timestamp")
                            .isEqualTo((double) (gauge.timestamps()[i] - base));
                }
                assertThat(stored).as("client %s: acknowledged ⊆ stored", c).containsAll(acknowledged.get(c));
                assertThat(counter.timestamps()).as("counter and gauge share each request")
                        .containsExactly(gauge.timestamps());
                for (int i = 0; i < counter.size(); i++) {
                    assertThat(counter.values()[i]).as("delta counter at %d counts each durable request once", i)
                            .isEqualTo(i + 1);
                }
            }
        }
    }

    private static SeriesSamples read(Storage storage, String name, String client) throws Exception {
        List<SeriesSamples> found = storage.metrics().read(List.of(Matcher.equal("__name__", name),
                Matcher.equal("client", client)), Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(found).as("%s{client=%s}", name, client).hasSize(1);
        return found.getFirst();
    }

    private static void send(ChildServer server, int client, long base, AtomicLong next, AtomicBoolean stop,
            Set<Long> acknowledged) {
        while (!stop.get()) {
            long k = next.getAndIncrement();
            long t = base + k * 1000;
            try {
                TestHttp.Response r = TestHttp.post(server.otlpHttp("/v1/metrics"), request(client, t, k).toByteArray(),
                        "Content-Type", "application/x-protobuf");
                if (r.status() == 200) {
                    acknowledged.add(t);
                }
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    return;
                }
            }
        }
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
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("crash-test"))))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("crash.gauge").setGauge(Gauge.newBuilder()
                                .addDataPoints(gauge)))
                        .addMetrics(Metric.newBuilder().setName("crash.requests").setSum(Sum.newBuilder()
                                .setIsMonotonic(true)
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                                .addDataPoints(delta))))).build();
    }
}
