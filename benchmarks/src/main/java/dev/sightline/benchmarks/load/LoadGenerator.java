package dev.sightline.benchmarks.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Sends seeded, realistic telemetry to an OTLP endpoint for a while and reports throughput, acknowledgement
 * latency, rejections and errors; then bytes on disk per item and query latencies on the loaded data.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sightline.benchmarks.load.LoadGenerator \
 *     --signal traces --protocol grpc --connections 4 --duration 30s --data-dir ./data
 * </pre>
 *
 * <p><b>High cardinality (issue 15).</b> {@code --active-series N} keeps N series active in all (in instances of
 * 29 series, each with its own {@code instance} label, split evenly across the connections); each request carries
 * a connection's next {@code --batch} instances (default 50, i.e. 1,450 samples), so successive requests walk
 * round-robin over its share, and one pass over the share is one {@code --scrape-interval} (default 15 s) of
 * simulated time. {@code --churn-per-hour P} (default 10) replaces P % of the instances per simulated hour with
 * new ones (new series; the old ones stop), as pods replaced in a rolling deployment do; which ones is fixed by
 * {@code --seed}. Timestamps are the wall clock, strictly increasing per series, so the server's 10-minute
 * out-of-order window and future limits never reject a sample; simulated time only drives churn (a connection
 * that makes a pass in 3 s lives an hour of churn in 12 minutes). With {@code --rate} N / interval, simulated time
 * runs at wall-clock speed. The 1 M-series run, 10 % per hour, against Sightline's remote-write endpoint:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.sightline.benchmarks.load.LoadGenerator --signal metrics \
 *     --protocol remote-write --endpoint http://127.0.0.1:4318/api/v1/write --query-url none \
 *     --active-series 1000000 --churn-per-hour 10 --duration 5m
 * </pre>
 *
 * After the unchanged {@code sent …} line it prints {@code series: 1,000,007 active, … created (… initial + …
 * churned); … simulated (… passes per connection); … samples sent: … samples/s}. The server's memory for the same
 * run: {@code curl -s localhost:7070/metrics | grep -E '^(jvm_memory_used_bytes|sightline_metric_series)'} at the
 * end, or {@code jcmd <pid> GC.heap_info}. One sender builds about 2-4 M samples/s of these bodies on one core
 * ({@link HighCardinalityBodies}), so the client is not the limit.
 */
public final class LoadGenerator {
    private final LoadOptions options;
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> sampleTraceIds = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SeriesChurn> shares = new ConcurrentLinkedQueue<>();

    LoadGenerator(LoadOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--demo")) {
            DemoMode.main(args); // continuous, modest, multi-service: for the compose demo
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load-generator: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        new LoadGenerator(options).run();
    }

    void run() throws Exception {
        LoadOptions o = options;
        System.out.printf("sending %s over %s to %s: %d connections, %s, batch %d, rate %s, seed %d%n", o.signal(),
                o.protocol(), o.endpoint(), o.connections(), o.duration(), o.batch(),
                o.rate() == 0 ? "as fast as acknowledged" : o.rate() + "/s", o.seed());
        if (o.highCardinality()) {
            long instances = LoadOptions.instances(o.activeSeries());
            System.out.printf("high cardinality: %,d active series (%,d instances of %d series), churn %s %%/h of "
                    + "simulated time, one pass over a connection's share = %s simulated%n",
                    instances * LoadOptions.SERIES_PER_INSTANCE, instances, LoadOptions.SERIES_PER_INSTANCE,
                    percent(o.churnPercentPerHour()), human(o.scrapeInterval()));
        }
        long start = System.nanoTime();
        long deadline = start + o.duration().toNanos();
        List<Thread> workers = new ArrayList<>();
        List<Latencies> latencies = new ArrayList<>();
        for (int w = 0; w < o.connections(); w++) {
            Latencies l = new Latencies();
            latencies.add(l);
            int worker = w;
            workers.add(Thread.ofPlatform().name("load-" + w).start(() -> work(worker, start, deadline, l)));
        }
        for (Thread t : workers) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Latencies all = new Latencies();
        latencies.forEach(all::addAll);
        String unit = switch (o.signal()) {
            case "logs" -> "log records";
            case "metrics" -> "samples";
            default -> "spans";
        };
        System.out.printf("sent %,d %s in %,d requests over %.1f s: %,.0f %s/s (%.1f MB/s of request bodies)%n",
                items.get(), unit, requests.get(), seconds, items.get() / seconds, unit, bytes.get() / seconds / 1e6);
        if (o.highCardinality()) {
            reportChurn(seconds);
        }
        System.out.println("acknowledgement latency: " + all.summary());
        System.out.printf("rejected (backpressure): %,d requests; errors: %,d requests%n", rejected.get(), errors.get());
        if (o.queryUrl() != null && !o.signal().equals("metrics")) {
            reportSearchable(o.queryUrl(), start, seconds, unit);
        }
        if (!o.settle().isZero()) {
            System.out.println("settling for " + o.settle() + " …");
            Thread.sleep(o.settle().toMillis());
        }
        if (o.dataDir() != null) {
            reportDisk(o.dataDir(), o.signal(), unit);
        }
        if (o.queryUrl() != null) {
            new AfterLoadQueries(o.queryUrl()).run(o.signal(), List.copyOf(sampleTraceIds), o.lookups());
        }
    }

    /**
     * Waits until the server's index apply lag ({@code sightline_index_apply_lag_records} in {@code /metrics}) is 0,
     * and reports the sustained rate: everything acknowledged over the send time plus the time it took to become
     * searchable (issue 16's measure).
     */
    private void reportSearchable(String queryUrl, long start, double sendSeconds, String unit)
            throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        URI metrics = URI.create(queryUrl.replaceAll("/+$", "") + "/metrics");
        long waitStart = System.nanoTime();
        while (System.nanoTime() - waitStart < Duration.ofMinutes(10).toNanos()) {
            Double lag = null;
            try {
                String text = client.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : text.split("\n")) {
                    if (line.startsWith("sightline_index_apply_lag_records ")) {
                        lag = Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                    }
                }
            } catch (IOException | NumberFormatException e) {
                lag = null;
            }
            if (lag == null) {
                System.out.println("searchable: no sightline_index_apply_lag_records at " + metrics);
                return;
            }
            if (lag == 0) {
                double total = (System.nanoTime() - start) / 1e9;
                System.out.printf("searchable: index apply lag 0 after %.1f s more: sustained %,.0f %s/s (acknowledged "
                        + "over send + catch-up time)%n", total - sendSeconds, items.get() / total, unit);
                return;
            }
            Thread.sleep(50);
        }
        System.out.println("searchable: index apply lag still above 0 after 10 minutes");
    }

    /** Series active and created, simulated time: one line after the {@code sent} line, which stays as it was. */
    private void reportChurn(double seconds) {
        int spi = LoadOptions.SERIES_PER_INSTANCE;
        long active = 0;
        long replaced = 0;
        long minPasses = Long.MAX_VALUE;
        long maxPasses = 0;
        for (SeriesChurn c : shares) {
            active += (long) c.share() * spi;
            replaced += c.replaced() * spi;
            minPasses = Math.min(minPasses, c.passes());
            maxPasses = Math.max(maxPasses, c.passes());
        }
        Duration simMin = options.scrapeInterval().multipliedBy(minPasses);
        Duration simMax = options.scrapeInterval().multipliedBy(maxPasses);
        System.out.printf("series: %,d active, %,d created (%,d initial + %,d churned); %s–%s simulated (%,d–%,d "
                + "passes per connection); %,d samples sent: %,.0f samples/s%n", active, active + replaced, active,
                replaced, human(simMin), human(simMax), minPasses, maxPasses, items.get(), items.get() / seconds);
    }

    /** 15s, 22m30s, 10h: a duration as a person writes it. */
    private static String human(Duration d) {
        return d.isZero() ? "0s" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p);
    }

    private void work(int worker, long start, long deadline, Latencies latencies) {
        boolean remoteWrite = options.protocol().equals("remote-write");
        Workload workload = options.highCardinality()
                ? Workload.highCardinality(new SeriesChurn(Math.toIntExact(LoadOptions.instances(options.activeSeries())),
                        options.connections(), worker, options.churnPercentPerHour(), options.scrapeInterval(),
                        options.seed()), options.batch(), remoteWrite)
                : new Workload(options.signal(), options.batch(), remoteWrite);
        if (workload.churn() != null) {
            shares.add(workload.churn());
        }
        double perWorkerRate = options.rate() / (double) options.connections();
        try (Sender sender = Sender.open(options)) {
            long sentItems = 0;
            long backoffMillis = 50;
            for (long n = 0; System.nanoTime() < deadline; n++) {
                Workload.Payload p = workload.make(options.seed(), worker, n);
                if (perWorkerRate > 0) {
                    long due = start + (long) (sentItems / perWorkerRate * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                long t0 = System.nanoTime();
                Sender.Outcome outcome = sender.send(p.body());
                latencies.add(System.nanoTime() - t0);
                requests.incrementAndGet();
                sentItems += p.items();
                switch (outcome) {
                    case OK -> {
                        backoffMillis = 50;
                        items.addAndGet(p.items());
                        bytes.addAndGet(p.body().length);
                        if (p.sampleTraceId() != null && n % 4 == 0) {
                            sampleTraceIds.add(p.sampleTraceId());
                        }
                    }
                    case REJECTED -> {
                        // Back off as OTLP exporters do on RESOURCE_EXHAUSTED / 429, instead of resending at once
                        // (which only makes the server decode and refuse more requests).
                        rejected.incrementAndGet();
                        Thread.sleep(backoffMillis);
                        backoffMillis = Math.min(1000, backoffMillis * 2);
                    }
                    case ERROR -> errors.incrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Bytes of this signal's stores (the WAL excluded) per item sent; best on a data folder used by one run. */
    private void reportDisk(Path dataDir, String signal, String unit) throws IOException {
        List<String> stores = switch (signal) {
            case "logs" -> List.of("logs");
            case "metrics" -> List.of("metrics");
            default -> List.of("traces", "spans");
        };
        if (stores.stream().noneMatch(s -> Files.exists(dataDir.resolve(s)))) {
            // Not a Sightline data folder (Prometheus' or VictoriaMetrics' storage path): count all of it.
            System.out.printf("on disk: %.1f B per %s; %s %.1f MB (everything in the folder)%n",
                    size(dataDir) / (double) Math.max(1, items.get()), unit.replaceAll("s$", ""), dataDir,
                    size(dataDir) / 1e6);
            return;
        }
        StringBuilder parts = new StringBuilder();
        long total = 0;
        for (String sub : stores) {
            Path p = dataDir.resolve(sub);
            if (Files.exists(p)) {
                long size = size(p);
                parts.append(String.format(" %s %.1f MB", sub, size / 1e6));
                total += size;
            }
        }
        Path wal = dataDir.resolve("wal");
        if (Files.exists(wal)) {
            parts.append(String.format("; WAL %.1f MB (not counted)", size(wal) / 1e6));
        }
        System.out.printf("on disk: %.1f B per %s;%s%n", total / (double) Math.max(1, items.get()),
                unit.replaceAll("s$", ""), parts);
    }

    private static long size(Path p) throws IOException {
        try (Stream<Path> files = Files.walk(p)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }

    /** Timed queries on the data just loaded; endpoints that do not exist (404) are reported as such. */
    static final class AfterLoadQueries {
        private final String base;
        private final HttpClient client = HttpClient.newHttpClient();

        AfterLoadQueries(String base) {
            this.base = base.replaceAll("/+$", "");
        }

        void run(String signal, List<String> traceIds, int lookups) throws IOException, InterruptedException {
            if (signal.equals("traces") && !traceIds.isEmpty() && lookups > 0) {
                Latencies l = new Latencies();
                int notFound = 0;
                // Untimed first: this client's own JIT warm-up would otherwise be the slowest percent.
                for (int i = 0; i < Math.min(500, lookups); i++) {
                    get("/api/traces/" + traceIds.get((int) ((i * 104729L) % traceIds.size())));
                }
                for (int i = 0; i < lookups; i++) {
                    String id = traceIds.get((int) ((i * 7919L) % traceIds.size()));
                    long t0 = System.nanoTime();
                    int status = get("/api/traces/" + id);
                    l.add(System.nanoTime() - t0);
                    notFound += status == 200 ? 0 : 1;
                }
                System.out.println("trace by ID (after " + Math.min(500, lookups) + " untimed): " + l.summary() + (notFound > 0 ? "; NOT FOUND: " + notFound : ""));
                time("trace search (service=checkout, error=true, limit 20)",
                        "/api/traces?service=checkout&tags=" + enc("{\"error\":\"true\"}") + "&limit=20", 20);
            }
            if (signal.equals("logs")) {
                time("log search (timeout AND service:checkout)",
                        "/api/logs/search?query=" + enc("timeout AND service:checkout") + "&limit=100", 20);
            }
            if (signal.equals("metrics")) {
                long end = System.currentTimeMillis() / 1000;
                time("PromQL range query (sum by (instance) (rate(node_cpu_seconds_total[5m])), 1h at 15s)",
                        "/api/v1/query_range?query=" + enc("sum by (instance) (rate(node_cpu_seconds_total[5m]))")
                                + "&start=" + (end - 3600) + "&end=" + end + "&step=15", 20);
            }
        }

        private void time(String what, String path, int times) throws IOException, InterruptedException {
            Latencies l = new Latencies();
            int status = 0;
            for (int i = 0; i < times; i++) {
                long t0 = System.nanoTime();
                status = get(path);
                l.add(System.nanoTime() - t0);
                if (status == 404) {
                    System.out.println(what + ": endpoint not available (404)");
                    return;
                }
            }
            System.out.println(what + ": " + l.summary() + (status == 200 ? "" : "; last status " + status));
        }

        private int get(String path) throws IOException, InterruptedException {
            return client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
