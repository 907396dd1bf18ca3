package dev.sightline.benchmarks.load;

import dev.sightline.benchmarks.MetricData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Command-line options of the load generator.
 *
 * @param signal traces, logs or metrics
 * @param protocol grpc, http (OTLP) or remote-write (Prometheus remote-write 1.0; metrics only)
 * @param endpoint where to send (gRPC: {@code http://host:4317}; HTTP: {@code http://host:4318}; remote-write: the
 *     full URL, e.g. {@code http://host:4318/api/v1/write}, Prometheus' {@code http://host:9090/api/v1/write} or
 *     VictoriaMetrics' {@code http://host:8428/api/v1/write})
 * @param queryUrl the query API used after the load ({@code http://host:7070}), or null to skip queries
 * @param rate items (spans, log records, samples) per second; 0 = as fast as acknowledgements allow
 * @param connections concurrent connections, one sending thread each
 * @param duration how long to send
 * @param batch items per request (spans, log records; for metrics: instances per scrape request, also in the
 *     high-cardinality mode, where the last request of a pass may carry fewer)
 * @param seed makes the generated telemetry reproducible
 * @param dataDir the server's data folder, to report bytes on disk per item; null to skip
 * @param settle how long to wait after sending before measuring disk and queries (lets checkpoints happen)
 * @param lookups how many trace-by-ID lookups to time after the load
 * @param activeSeries metrics: the high-cardinality mode's active series across all connections, rounded up to
 *     whole instances of {@link #SERIES_PER_INSTANCE} series; 0 = off (each connection scrapes its own 50 instances
 *     every request, as before)
 * @param churnPercentPerHour high-cardinality mode: percent of the active series replaced by new ones per hour of
 *     simulated time
 * @param scrapeInterval high-cardinality mode: the simulated time of one pass over a connection's series
 */
record LoadOptions(String signal, String protocol, String endpoint, String queryUrl, long rate, int connections,
        Duration duration, int batch, long seed, Path dataDir, Duration settle, int lookups, long activeSeries,
        double churnPercentPerHour, Duration scrapeInterval) {

    /** Series of one generated instance: 16 counters and gauges, a histogram of 11 buckets, sum and count (29). */
    static final int SERIES_PER_INSTANCE = MetricData.samplesPerInstance(Workload.COUNTERS_AND_GAUGES);

    static final String USAGE = """
            usage: load-generator [options]
              --signal traces|logs|metrics      what to send (default traces)
              --protocol grpc|http|remote-write OTLP/gRPC, OTLP/HTTP, or Prometheus remote-write (metrics only)
                                                (default grpc)
              --endpoint URL                    default http://127.0.0.1:4317 (grpc), http://127.0.0.1:4318 (http),
                                                http://127.0.0.1:4318/api/v1/write (remote-write; any receiver:
                                                Prometheus :9090/api/v1/write, VictoriaMetrics :8428/api/v1/write)
              --query-url URL                   query API for after-load timings (default http://127.0.0.1:7070; 'none' skips)
              --rate N                          items per second; 0 = as fast as acknowledgements allow (default 0)
              --connections N                   concurrent connections (default 4)
              --duration D                      e.g. 30s, 2m (default 30s)
              --batch N                         spans/log records per request, or instances per metrics request
                                                (defaults 512 / 1000 / 50)
              --seed N                          seed of the generated telemetry (default 1)
              --data-dir PATH                   the server's data folder: report bytes on disk per item
              --settle D                        wait before measuring disk and queries (default 0s)
              --lookups N                       trace-by-ID lookups to time afterwards (default 200)
            high-cardinality metrics (--signal metrics, any protocol):
              --active-series N                 N active series in all, split evenly across the connections, in
                                                instances of 29 series (N rounded up to whole instances); each
                                                request carries the connection's next --batch instances, round-robin;
                                                one pass over its share = one scrape interval of simulated time;
                                                timestamps are the wall clock (strictly increasing per series)
                                                (default: off, each connection scrapes its own 50 instances a request)
              --churn-per-hour P                percent of the active series replaced by new instances (new series)
                                                per hour of simulated time, e.g. 10 or 2.5 (default 10)
              --scrape-interval D               simulated time of one pass (default 15s); with --rate equal to
                                                N / interval, simulated time runs at wall-clock speed
            """;

    static LoadOptions parse(String[] args) {
        String signal = "traces";
        String protocol = "grpc";
        String endpoint = null;
        String queryUrl = "http://127.0.0.1:7070";
        long rate = 0;
        int connections = 4;
        Duration duration = Duration.ofSeconds(30);
        Integer batch = null;
        long seed = 1;
        Path dataDir = null;
        Duration settle = Duration.ZERO;
        int lookups = 200;
        long activeSeries = 0;
        Double churn = null;
        Duration scrapeInterval = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
            if (value == null) {
                throw new IllegalArgumentException("option " + key + " needs a value");
            }
            switch (key) {
                case "--signal" -> signal = oneOf(key, value, "traces", "logs", "metrics");
                case "--protocol" -> protocol = oneOf(key, value, "grpc", "http", "remote-write");
                case "--endpoint" -> endpoint = value;
                case "--query-url" -> queryUrl = value.equals("none") ? null : value;
                case "--rate" -> rate = number(key, value, 0);
                case "--connections" -> connections = (int) number(key, value, 1);
                case "--duration" -> duration = duration(key, value);
                case "--batch" -> batch = (int) number(key, value, 1);
                case "--seed" -> seed = Long.parseLong(value);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--settle" -> settle = duration(key, value);
                case "--lookups" -> lookups = (int) number(key, value, 0);
                case "--active-series" -> activeSeries = number(key, value, 1);
                case "--churn-per-hour" -> churn = percent(key, value);
                case "--scrape-interval" -> scrapeInterval = duration(key, value);
                default -> throw new IllegalArgumentException("unknown option " + key + "\n" + USAGE);
            }
        }
        if (protocol.equals("remote-write") && !signal.equals("metrics")) {
            throw new IllegalArgumentException("--protocol remote-write carries metrics only, got --signal " + signal);
        }
        if (activeSeries > 0) {
            if (!signal.equals("metrics")) {
                throw new IllegalArgumentException("--active-series needs --signal metrics, got --signal " + signal);
            }
            long instances = instances(activeSeries);
            if (instances > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException("--active-series must be at most "
                        + (long) Integer.MAX_VALUE / 2 * SERIES_PER_INSTANCE + ", got " + activeSeries);
            }
            if (instances < connections) {
                throw new IllegalArgumentException("--active-series " + activeSeries + " is " + instances
                        + " instances of " + SERIES_PER_INSTANCE + " series, fewer than --connections " + connections
                        + ": give at least " + (long) connections * SERIES_PER_INSTANCE);
            }
            if (scrapeInterval != null && scrapeInterval.toMillis() < 1) {
                throw new IllegalArgumentException("--scrape-interval must be at least 1ms, got " + scrapeInterval);
            }
        } else if (churn != null || scrapeInterval != null) {
            throw new IllegalArgumentException("--churn-per-hour and --scrape-interval need --active-series");
        }
        if (endpoint == null) {
            endpoint = switch (protocol) {
                case "grpc" -> "http://127.0.0.1:4317";
                case "remote-write" -> "http://127.0.0.1:4318/api/v1/write";
                default -> "http://127.0.0.1:4318";
            };
        }
        int defaultBatch = switch (signal) {
            case "logs" -> 1000;
            case "metrics" -> 50;
            default -> 512;
        };
        return new LoadOptions(signal, protocol, endpoint, queryUrl, rate, connections, duration,
                batch == null ? defaultBatch : batch, seed, dataDir, settle, lookups, activeSeries,
                churn == null ? 10 : churn, scrapeInterval == null ? Duration.ofSeconds(15) : scrapeInterval);
    }

    /** Whether the high-cardinality mode is on. */
    boolean highCardinality() {
        return activeSeries > 0;
    }

    /** Instances of {@link #SERIES_PER_INSTANCE} series that hold at least {@code series} series. */
    static long instances(long series) {
        return (series + SERIES_PER_INSTANCE - 1) / SERIES_PER_INSTANCE;
    }

    private static double percent(String key, String value) {
        double p;
        try {
            p = Double.parseDouble(value.strip().replaceAll("%$", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a percentage such as 10 or 2.5, got " + value);
        }
        if (!(p >= 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException(key + " must be a percentage of at least 0, got " + value);
        }
        return p;
    }

    private static String oneOf(String key, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", got " + value);
    }

    private static long number(String key, String value, long min) {
        long n;
        try {
            n = Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, got " + value);
        }
        if (n < min) {
            throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
        }
        return n;
    }

    static Duration duration(String key, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            } else if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new IllegalArgumentException(key + " must be a duration such as 500ms, 30s, 2m, got " + value);
    }
}
