package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.storage.metrics.SeriesSamples;
import dev.sightline.storage.model.Sample;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus remote-write 1.0 round trip: snappy-compressed WriteRequests with many series, staleness markers,
 * NaN and infinities, metadata and an exemplar, read back bit for bit; and the bad inputs (corrupt snappy,
 * corrupt protobuf, invalid names, too-old samples).
 */
class RemoteWriteIT {
    @TempDir
    static Path data;
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(data);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url() {
        return server.otlpHttp("/api/v1/write");
    }

    @Test
    void roundTripKeepsEverySampleBitForBit() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("RemoteWriteIT seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random r = new Random(seed);
        long t0 = System.currentTimeMillis() - 3_600_000;
        List<RemoteWriteRequests.Series> series = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long[] ts = new long[40];
            double[] vs = new double[40];
            for (int j = 0; j < ts.length; j++) {
                ts[j] = t0 + j * 15_000L;
                vs[j] = switch (r.nextInt(10)) {
                    case 0 -> Double.NaN;
                    case 1 -> Sample.STALE_NAN;
                    case 2 -> Double.NEGATIVE_INFINITY;
                    default -> r.nextInt(1000) / 10.0;
                };
            }
            series.add(new RemoteWriteRequests.Series(Map.of("__name__", "node_cpu_seconds_total", "job", "node",
                    "instance", "host-" + (i % 5) + ":9100", "cpu", Integer.toString(i / 5)), ts, vs));
        }
        series.add(new RemoteWriteRequests.Series(Map.of("__name__", "http_requests_total", "job", "api"),
                new long[] {t0}, new double[] {7}, Map.of("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736",
                        "span_id", "00f067aa0ba902b7"), 1.5, t0 - 10));
        byte[] body = RemoteWriteRequests.snappy(RemoteWriteRequests.writeRequest(series,
                List.of(new RemoteWriteRequests.Metadata(1, "node_cpu_seconds_total", "Seconds the CPUs spent", ""))));
        TestHttp.Response resp = RemoteWriteRequests.post(url(), body);
        assertThat(resp.status()).as(resp.text()).isEqualTo(204);

        for (RemoteWriteRequests.Series s : series) {
            List<String> pairs = new ArrayList<>();
            s.labels().forEach((k, v) -> {
                pairs.add(k);
                pairs.add(v);
            });
            SeriesSamples got = MetricsReads.only(server, pairs.toArray(String[]::new));
            assertThat(got.labels().size()).isEqualTo(s.labels().size());
            assertThat(got.timestamps()).containsExactly(s.timestamps());
            for (int i = 0; i < s.values().length; i++) {
                assertThat(Double.doubleToRawLongBits(got.values()[i])).as("value bits of %s at %d", got.labels(), i)
                        .isEqualTo(Double.doubleToRawLongBits(s.values()[i]));
            }
        }
        JsonNode values = TestHttp.get(server.query("/api/v1/label/instance/values?match[]=node_cpu_seconds_total"))
                .json();
        assertThat(values.get("data")).hasSize(5);
        JsonNode md = TestHttp.get(server.query("/api/v1/metadata?metric=node_cpu_seconds_total")).json();
        assertThat(md.at("/data/node_cpu_seconds_total/0/type").asText()).isEqualTo("counter");
        assertThat(md.at("/data/node_cpu_seconds_total/0/help").asText()).isEqualTo("Seconds the CPUs spent");
        JsonNode ex = TestHttp.get(server.query("/api/v1/query_exemplars?query=http_requests_total")).json();
        assertThat(ex.at("/data/0/exemplars/0/labels/trace_id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(ex.at("/data/0/exemplars/0/value").asText()).isEqualTo("1.5");
        // the same body again: exact duplicates, dropped without error
        assertThat(RemoteWriteRequests.post(url(), body).status()).isEqualTo(204);
        assertThat(MetricsReads.read(server, "__name__", "node_cpu_seconds_total").getFirst().size()).isEqualTo(40);
    }

    @Test
    void corruptBodiesAre400() throws Exception {
        TestHttp.Response r = RemoteWriteRequests.post(url(), new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, 1, 2, 3});
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("snappy");
        r = RemoteWriteRequests.post(url(), RemoteWriteRequests.snappy(new byte[] {0x0a, 0x7f, 0x01}));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("prometheus.WriteRequest");
        r = TestHttp.post(url(), RemoteWriteRequests.snappy(new byte[0]), "Content-Encoding", "gzip");
        assertThat(r.status()).isEqualTo(415);
    }

    @Test
    void invalidSeriesAreRejectedTheRestStored() throws Exception {
        long t = System.currentTimeMillis();
        byte[] body = RemoteWriteRequests.snappy(RemoteWriteRequests.writeRequest(List.of(
                new RemoteWriteRequests.Series(Map.of("__name__", "bad-name", "job", "x"), new long[] {t},
                        new double[] {1}),
                new RemoteWriteRequests.Series(Map.of("__name__", "ok_metric", "bad.label", "x"), new long[] {t},
                        new double[] {1}),
                new RemoteWriteRequests.Series(Map.of("job", "no-name"), new long[] {t}, new double[] {1}),
                new RemoteWriteRequests.Series(Map.of("__name__", "good_metric", "job", "x"), new long[] {t},
                        new double[] {1})), List.of()));
        TestHttp.Response r = RemoteWriteRequests.post(url(), body);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("rejected 3 samples", "invalid metric name \"bad-name\"",
                "invalid label name \"bad.label\"");
        assertThat(MetricsReads.only(server, "__name__", "good_metric").values()).containsExactly(1);
    }

    @Test
    void samplesOlderThanTheOutOfOrderWindowAreRejectedNewerOnesMerged() throws Exception {
        long t = System.currentTimeMillis();
        Map<String, String> l = Map.of("__name__", "ooo_metric", "job", "x");
        assertThat(RemoteWriteRequests.post(url(), RemoteWriteRequests.snappy(RemoteWriteRequests.writeRequest(
                List.of(new RemoteWriteRequests.Series(l, new long[] {t}, new double[] {3})), List.of()))).status())
                .isEqualTo(204);
        TestHttp.Response r = RemoteWriteRequests.post(url(), RemoteWriteRequests.snappy(RemoteWriteRequests
                .writeRequest(List.of(new RemoteWriteRequests.Series(l, new long[] {t - 1_200_000, t - 60_000},
                        new double[] {1, 2})), List.of())));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("rejected 1 samples", "older than the out-of-order window");
        SeriesSamples s = MetricsReads.only(server, "__name__", "ooo_metric");
        assertThat(s.timestamps()).containsExactly(t - 60_000, t);
        assertThat(s.values()).containsExactly(2, 3);
    }
}
