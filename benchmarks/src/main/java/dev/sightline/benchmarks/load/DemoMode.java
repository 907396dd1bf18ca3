package dev.sightline.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code load-generator --demo}: sends {@link DemoTelemetry}'s shop (traces, their logs, and the services'
 * metrics) to an OTLP/HTTP endpoint continuously at a modest rate, until stopped, for the compose demo and for
 * trying the UI and Grafana. Waits for the server when it is not up yet; prints one status line a minute.
 *
 * <pre>
 * java -cp benchmarks.jar dev.sightline.benchmarks.load.LoadGenerator --demo --endpoint http://sightline:4318
 * </pre>
 */
final class DemoMode {
    static final String USAGE = """
            usage: load-generator --demo [--endpoint URL] [--rate N] [--metrics-interval D] [--seed N] [--duration D]
              --endpoint URL           OTLP/HTTP endpoint (default http://127.0.0.1:4318)
              --rate N                 user requests (traces) per second (default 5)
              --metrics-interval D     how often the services' metrics are sent (default 15s)
              --seed N                 seed of the generated telemetry (default 1)
              --duration D             stop after this long (default: run until stopped)
            """;

    /** @param duration null runs until the process is stopped */
    record Options(URI endpoint, double rate, Duration metricsInterval, long seed, Duration duration) {
        Options {
            if (!(rate > 0) || rate > 10_000) {
                throw new IllegalArgumentException("--rate must be in (0, 10000] traces per second, got " + rate);
            }
            if (metricsInterval.toMillis() < 1000) {
                throw new IllegalArgumentException("--metrics-interval must be at least 1s, got " + metricsInterval);
            }
        }

        static Options parse(String[] args) {
            URI endpoint = URI.create("http://127.0.0.1:4318");
            double rate = 5;
            Duration metrics = Duration.ofSeconds(15);
            long seed = 1;
            Duration duration = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--demo")) {
                    continue;
                }
                String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
                if (value == null) {
                    throw new IllegalArgumentException("option " + key + " needs a value");
                }
                try {
                    switch (key) {
                        case "--endpoint" -> endpoint = URI.create(value.replaceAll("/+$", ""));
                        case "--rate" -> rate = Double.parseDouble(value);
                        case "--metrics-interval" -> metrics = LoadOptions.duration(key, value);
                        case "--seed" -> seed = Long.parseLong(value);
                        case "--duration" -> duration = LoadOptions.duration(key, value);
                        default -> throw new IllegalArgumentException("unknown option " + key + " in --demo mode");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a number, got " + value);
                }
            }
            return new Options(endpoint, rate, metrics, seed, duration);
        }
    }

    private final Options options;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private long sent;
    private long failed;

    DemoMode(Options options) {
        this.options = options;
    }

    static void main(String[] args) throws InterruptedException {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load-generator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        new DemoMode(o).run();
    }

    void run() throws InterruptedException {
        System.out.printf("demo: sending a shop's traces, logs and metrics to %s, %.1f requests/s (seed %d)%n",
                options.endpoint(), options.rate(), options.seed());
        DemoTelemetry shop = new DemoTelemetry(options.seed(), System.currentTimeMillis() * 1_000_000L);
        long periodNanos = (long) (1e9 / options.rate());
        long start = System.nanoTime();
        long end = options.duration() == null ? Long.MAX_VALUE : start + options.duration().toNanos();
        long nextTrace = start;
        long nextMetrics = start;
        long nextStatus = start + 60_000_000_000L;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            long wall = System.currentTimeMillis() * 1_000_000L;
            if (now >= nextTrace) {
                DemoTelemetry.Request r = shop.trace(wall);
                send("/v1/traces", r.traces().toByteArray());
                send("/v1/logs", r.logs().toByteArray());
                nextTrace = Math.max(nextTrace + periodNanos, now); // no burst to catch up after an outage
            }
            if (now >= nextMetrics) {
                send("/v1/metrics", shop.metrics(wall).toByteArray());
                nextMetrics = Math.max(nextMetrics + options.metricsInterval().toNanos(), now);
            }
            if (now >= nextStatus) {
                System.out.printf("demo: %,d requests sent, %,d failed%n", sent, failed);
                nextStatus += 60_000_000_000L;
            }
            long sleep = Math.min(nextTrace, nextMetrics) - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(Duration.ofNanos(sleep));
            }
        }
        System.out.printf("demo: done, %,d requests sent, %,d failed%n", sent, failed);
    }

    private void send(String path, byte[] body) throws InterruptedException {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(options.endpoint().resolve(path))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                sent++;
                return;
            }
            failed++;
            if (failed <= 10 || failed % 1000 == 0) {
                System.err.printf("demo: %s answered %d: %s%n", path, r.statusCode(), r.body());
            }
        } catch (IOException e) {
            failed++;
            if (failed <= 10 || failed % 1000 == 0) {
                System.err.printf("demo: %s: %s (is Sightline up?)%n", path, e);
            }
            Thread.sleep(1000); // the server is starting or restarting
        }
    }
}
