package dev.sightline.server;

import dev.sightline.alerting.AlertListener;
import dev.sightline.alerting.ExemplarEvidence;
import dev.sightline.alerting.LogEvidence;
import dev.sightline.alerting.RuleLoadException;
import dev.sightline.alerting.RuleManager;
import dev.sightline.alerting.RulesApi;
import dev.sightline.alerting.WalSeriesWriter;
import dev.sightline.alerting.history.AlertHistory;
import dev.sightline.alerting.history.AlertHistoryApi;
import dev.sightline.alerting.notify.AlertmanagerPusher;
import dev.sightline.alerting.notify.Notifications;
import dev.sightline.ingest.grpc.OtlpGrpcServer;
import dev.sightline.ingest.http.OtlpHttpServer;
import dev.sightline.ingest.otlp.IngestMetrics;
import dev.sightline.ingest.otlp.LogReceiver;
import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.ingest.otlp.TraceReceiver;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.query.QueryApi;
import dev.sightline.query.http.QueryHttpServer;
import dev.sightline.query.http.Router;
import dev.sightline.server.config.AlertingConfig;
import dev.sightline.server.config.PrometheusDuration;
import dev.sightline.server.config.QueryConfig;
import dev.sightline.server.config.SightlineConfig;
import dev.sightline.server.config.StorageConfig;
import dev.sightline.server.instrumentation.JvmMetrics;
import dev.sightline.server.instrumentation.MetricsEndpoint;
import dev.sightline.server.instrumentation.QueryMetrics;
import dev.sightline.server.instrumentation.SelfIngest;
import dev.sightline.server.instrumentation.StorageGauges;
import dev.sightline.storage.instrumentation.MetricRegistry;
import dev.sightline.storage.Readers;
import dev.sightline.storage.Storage;
import dev.sightline.storage.StorageOptions;
import dev.sightline.storage.logs.LogLimits;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.spanmetrics.SpanMetricsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The whole server on the embedded default: storage in one data folder, the OTLP receivers, the query API.
 *
 * <p>Start order: storage opened, query API up ({@code /healthz} answers, {@code /readyz} says 503), WAL
 * replayed, write path started, receivers listening, ready. {@link #close} runs in reverse: receivers stop
 * accepting and answer what is in flight, the write path drains, stores commit and checkpoint, query API stops.
 */
public final class SightlineServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SightlineServer.class.getName());
    private static final long DRAIN_MILLIS = 10_000;

    private final SightlineConfig config;
    private final MetricRegistry registry;
    private Storage storage;
    private SelfIngest selfIngest;
    private QueryHttpServer query;
    private RuleManager rules;
    private Notifications notifications;
    private AlertmanagerPusher alertmanagers;
    private OtlpGrpcServer grpc;
    private OtlpHttpServer http;
    private volatile boolean ready;
    private boolean closed;

    public SightlineServer(SightlineConfig config) {
        this(config, new MetricRegistry());
    }

    /** @param registry receives every component's metrics; served on {@code /metrics} of the query port */
    public SightlineServer(SightlineConfig config, MetricRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    /** Starts everything; on failure, closes what was started and rethrows. */
    public synchronized SightlineServer start() throws IOException {
        long t0 = System.nanoTime();
        try {
            StorageConfig sc = config.storage();
            storage = Storage.open(new StorageOptions(config.dataDir(), sc.walSegmentSize().bytes(),
                    sc.queueMaxBytes(Runtime.getRuntime().maxMemory()), sc.checkpointInterval(), sc.indexRefresh(),
                    config.traces().retention(), sc.retentionCheckInterval(),
                    new CorrelationKeys(config.traces().correlationKeys()), config.logs().retention(),
                    new MetricsOptions(config.metrics().retention(), config.metrics().outOfOrderWindow(),
                            config.metrics().resourceLabels()),
                    new SpanMetricsOptions(config.traces().spanMetrics(), config.traces().spanMetricsFlushInterval(),
                            config.traces().spanMetricsMaxSeries())), registry);
            JvmMetrics.register(registry);
            StorageGauges.register(registry, storage);
            QueryConfig qc = config.query();
            LogLimits logLimits = new LogLimits(qc.logsMaxClauses(), qc.logsTimeBudget(),
                    qc.logsLeadingWildcardMaxWindow());
            AlertingConfig ac = config.alerting();
            Path alertsDir = config.dataDir().resolve("alerts");
            notifications = new Notifications(ac.externalUrl(), System::currentTimeMillis,
                    alertsDir.resolve("notifications"));
            alertmanagers = new AlertmanagerPusher(ac.alertmanagers(), ac.alertmanagerTimeout(), ac.resendDelay(),
                    ac.externalUrl(), System::currentTimeMillis);
            AlertHistory history = new AlertHistory(alertsDir.resolve("history"), ac.historyRetention().toMillis(),
                    System::currentTimeMillis);
            Readers readers = storage.readers(logLimits);
            rules = new RuleManager(ac.rulesDir(), ac.evaluationInterval().toMillis(),
                    readers.series(), System::currentTimeMillis, ac.externalUrl(),
                    new LogEvidence(new ExemplarEvidence(readers.metrics()), readers.logs()))
                    .persistTo(alertsDir.resolve("state"))
                    .readLogsFrom(readers.logs())
                    .writeTo(new WalSeriesWriter(storage.writePath()))
                    .listener(AlertListener.all(List.of(history, notifications, alertmanagers)));
            Router router = QueryApi.routes(readers, () -> ready);
            new RulesApi(rules).register(router);
            new AlertHistoryApi(history, System::currentTimeMillis, ac.externalUrl()).register(router);
            MetricsEndpoint.register(router, registry);
            query = new QueryHttpServer(address(qc.port()), router, 256, new QueryMetrics(registry)).start();
            long replayed = storage.recover();
            storage.start();
            notifications.start();
            alertmanagers.start();
            rules.start();
            IngestMetrics ingestMetrics = new IngestMetrics(registry);
            TraceReceiver traces = new TraceReceiver(storage.writePath(), config.traces().retention(), ingestMetrics);
            LogReceiver logs = new LogReceiver(storage.writePath(), ingestMetrics);
            int maxBody = (int) Math.min(Integer.MAX_VALUE - 8, config.ingest().maxBodySize().bytes());
            MetricReceiver metrics = new MetricReceiver(storage.writePath(), ingestMetrics);
            RemoteWriteReceiver remoteWrite = new RemoteWriteReceiver(storage.writePath(), maxBody, ingestMetrics,
                    storage.metrics().knownSeries());
            grpc = new OtlpGrpcServer(address(config.ingest().grpcPort()), maxBody, traces, logs, metrics,
                    ingestMetrics).start();
            http = new OtlpHttpServer(address(config.ingest().httpPort()), maxBody, traces, logs, metrics, remoteWrite,
                    ingestMetrics).start();
            if (config.selfMonitoring().enabled()) {
                selfIngest = new SelfIngest(registry, metrics, instance(), System::currentTimeMillis)
                        .start(config.selfMonitoring().interval());
            }
            ready = true;
            logReady((System.nanoTime() - t0) / 1_000_000, replayed);
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * The startup line: ports, data folder, retention, self-monitoring. In JSON logs the same facts are also
     * fields of the record ({@link Logging} writes a {@code Map} parameter as fields).
     */
    private void logReady(long millis, long replayed) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("listen_address", config.listenAddress());
        f.put("otlp_grpc_port", grpc.port());
        f.put("otlp_http_port", http.port());
        f.put("query_port", query.port());
        f.put("data_dir", config.dataDir().toAbsolutePath().normalize().toString());
        f.put("traces_retention", PrometheusDuration.format(config.traces().retention()));
        f.put("logs_retention", PrometheusDuration.format(config.logs().retention()));
        f.put("metrics_retention", PrometheusDuration.format(config.metrics().retention()));
        f.put("self_monitoring", config.selfMonitoring().enabled());
        f.put("startup_ms", millis);
        f.put("wal_records_replayed", replayed);
        String message = String.format("Sightline ready in %d ms: OTLP gRPC %s:%d, OTLP HTTP %s:%d, query API %s:%d "
                        + "(/metrics), data %s, retention traces %s, logs %s, metrics %s, self-monitoring %s "
                        + "(%d WAL records replayed)", millis, config.listenAddress(), grpc.port(),
                config.listenAddress(), http.port(), config.listenAddress(), query.port(), f.get("data_dir"),
                f.get("traces_retention"), f.get("logs_retention"), f.get("metrics_retention"),
                config.selfMonitoring().enabled() ? "on every " + PrometheusDuration.format(
                        config.selfMonitoring().interval()) : "off", replayed);
        LOG.log(Level.INFO, message, new Object[] {f});
    }

    private String instance() {
        String host = System.getenv().getOrDefault("HOSTNAME", "");
        if (host.isEmpty()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = config.listenAddress();
            }
        }
        return host + ":" + query.port();
    }

    /** Every component's metrics, as {@code /metrics} serves them. */
    public MetricRegistry metricRegistry() {
        return registry;
    }

    private InetSocketAddress address(int port) {
        return new InetSocketAddress(config.listenAddress(), port);
    }

    public boolean ready() {
        return ready;
    }

    public int grpcPort() {
        return grpc.port();
    }

    public int httpPort() {
        return http.port();
    }

    /** Reloads the alerting rules folder (SIGHUP); errors are logged and the previous rules stay active. */
    public void reloadRules() {
        RuleManager r = rules;
        if (r == null) {
            return;
        }
        try {
            r.reload();
        } catch (RuleLoadException e) {
            LOG.severe("rules not reloaded, the previous rules stay active: " + String.join("; ", e.errors()));
        }
    }

    public int queryPort() {
        return query.port();
    }

    /** The webhook notifications (delivery counters for tests and self-metrics). */
    public Notifications notifications() {
        return notifications;
    }

    public Storage storage() {
        return storage;
    }

    /** Drains and stops everything. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        long t0 = System.nanoTime();
        try {
            if (http != null) {
                http.shutdown(DRAIN_MILLIS);
            }
            if (grpc != null) {
                grpc.shutdown(DRAIN_MILLIS);
            }
            if (selfIngest != null) {
                selfIngest.close();
            }
            if (rules != null) {
                rules.close();
            }
            if (notifications != null) {
                notifications.close();
            }
            if (alertmanagers != null) {
                alertmanagers.close();
            }
            if (storage != null) {
                storage.close();
            }
            if (query != null) {
                query.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.WARNING, "interrupted during shutdown; the WAL replays what was not committed", e);
        }
        LOG.info(() -> "Sightline stopped in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
