package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sightline.query.http.QueryHttpServer;
import dev.sightline.query.http.Router;
import dev.sightline.query.promql.api.PromqlApi;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.storage.InMemorySeriesSource;
import dev.sightline.storage.model.Labels;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prometheus' own client, {@code promtool query instant|range}, against the PromQL API served by the real
 * {@link QueryHttpServer} over an in-memory source. Skipped when promtool is not installed.
 */
class PromtoolIT {
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    private static QueryHttpServer server;
    private static String promtool;

    @BeforeAll
    static void start() throws IOException {
        promtool = findPromtool();
        assumeTrue(promtool != null, "skipping: promtool not installed (Debian package prometheus)");
        InMemorySeriesSource source = new InMemorySeriesSource();
        for (int i = 0; i <= 40; i++) {
            long t = T0 + i * 15_000L;
            source.add(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a"), t, i * 30.0);
            source.add(Labels.of("__name__", "http_requests_total", "job", "api", "instance", "b"), t, i * 15.0);
            source.add(Labels.of("__name__", "up", "job", "api", "instance", "a"), t, 1);
        }
        Router router = new Router();
        new PromqlApi(source, QueryLimits.DEFAULT, () -> T0 + 600_000).register(router);
        server = new QueryHttpServer(new InetSocketAddress("127.0.0.1", 0), router, 4).start();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    private static String findPromtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static String run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(promtool);
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.strip();
    }

    private static String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void instantQuery() throws Exception {
        String out = run("query", "instant", "--time=" + (T0 / 1000 + 600), url(),
                "round(sum by (job) (rate(http_requests_total[1m])), 0.001)");
        assertThat(out).isEqualTo("{job=\"api\"} => 3 @[" + (T0 / 1000 + 600) + "]");
    }

    @Test
    void instantQueryJsonKeepsLabelsAndName() throws Exception {
        String out = run("query", "instant", "-o", "json", "--time=" + (T0 / 1000 + 600), url(), "up");
        assertThat(out).contains("\"__name__\":\"up\"").contains("\"instance\":\"a\"")
                .contains("\"value\":[" + (T0 / 1000 + 600) + ",\"1\"]");
    }

    @Test
    void rangeQuery() throws Exception {
        String out = run("query", "range", "--start=" + (T0 / 1000 + 300), "--end=" + (T0 / 1000 + 360),
                "--step=30s", url(), "http_requests_total{instance=\"b\"} / 15");
        assertThat(out).isEqualTo("{instance=\"b\", job=\"api\"} =>\n20 @[" + (T0 / 1000 + 300) + "]\n22 @["
                + (T0 / 1000 + 330) + "]\n24 @[" + (T0 / 1000 + 360) + "]");
    }
}
