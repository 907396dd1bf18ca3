package dev.sightline.server;

import dev.sightline.ingest.grpc.OtlpGrpcServer;
import dev.sightline.ingest.http.OtlpHttpServer;
import dev.sightline.ingest.otlp.LogReceiver;
import dev.sightline.ingest.otlp.MetricReceiver;
import dev.sightline.ingest.otlp.TraceReceiver;
import dev.sightline.ingest.prometheus.RemoteWriteReceiver;
import dev.sightline.query.QueryApi;
import dev.sightline.query.alerts.AlertListener;
import dev.sightline.query.alerts.ExemplarEvidence;
import dev.sightline.query.alerts.LogEvidence;
import dev.sightline.query.alerts.WalSeriesWriter;
import dev.sightline.query.alerts.history.AlertHistory;
import dev.sightline.query.alerts.history.AlertHistoryApi;
import dev.sightline.query.alerts.notify.AlertmanagerPusher;
import dev.sightline.query.alerts.notify.Notifications;
import dev.sightline.storage.logs.LogSearcher;
import dev.sightline.query.alerts.RuleLoadException;
import dev.sightline.query.alerts.RuleManager;
import dev.sightline.query.promql.storage.MetricStoreSource;
import dev.sightline.query.http.QueryHttpServer;
import dev.sightline.query.http.Router;
import dev.sightline.server.config.AlertingConfig;
import dev.sightline.server.config.QueryConfig;
import dev.sightline.server.config.SightlineConfig;
import dev.sightline.server.config.StorageConfig;
import dev.sightline.storage.Storage;
import dev.sightline.storage.StorageOptions;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.logs.LogLimits;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.spanmetrics.SpanMetricsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
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
    private Storage storage;
    private QueryHttpServer query;
    private RuleManager rules;
    private Notifications notifications;
    private AlertmanagerPusher alertmanagers;
    private OtlpGrpcServer grpc;
    private OtlpHttpServer http;
    private volatile boolean ready;
    private boolean closed;

    public SightlineServer(SightlineConfig config) {
        this.config = config;
    }

    /** Starts everything; on failure, closes what was started and rethrows. */
    public synchronized SightlineServer start() throws IOException {
        long t0 = System.nanoTime();
        try {
            StorageConfig sc = config.storage();
            storage = Storage.open(new StorageOptions(config.dataDir(), sc.walSegmentSize().bytes(),
                    sc.queueMaxSize().bytes(), sc.checkpointInterval(), sc.indexRefresh(),
                    config.traces().retention(), sc.retentionCheckInterval(),
                    new CorrelationKeys(config.traces().correlationKeys()), config.logs().retention(),
                    new MetricsOptions(config.metrics().retention(), config.metrics().outOfOrderWindow(),
                            config.metrics().resourceLabels()),
                    new SpanMetricsOptions(config.traces().spanMetrics(), config.traces().spanMetricsFlushInterval(),
                            config.traces().spanMetricsMaxSeries())));
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
            LogSearcher ruleLogs = storage.logs().searcher(logLimits);
            rules = new RuleManager(ac.rulesDir(), ac.evaluationInterval().toMillis(),
                    new MetricStoreSource(storage.metrics()), System::currentTimeMillis, ac.externalUrl(),
                    new LogEvidence(new ExemplarEvidence(storage.metrics()), ruleLogs))
                    .persistTo(alertsDir.resolve("state"))
                    .readLogsFrom(ruleLogs)
                    .writeTo(new WalSeriesWriter(storage.writePath()))
                    .listener(AlertListener.all(List.of(history, notifications, alertmanagers)));
            Router router = QueryApi.routes(storage, () -> ready, logLimits, rules);
            new AlertHistoryApi(history, System::currentTimeMillis, ac.externalUrl()).register(router);
            query = new QueryHttpServer(address(qc.port()), router, 256).start();
            long replayed = storage.recover();
            storage.start();
            notifications.start();
            alertmanagers.start();
            rules.start();
            TraceReceiver traces = new TraceReceiver(storage.writePath(), config.traces().retention());
            LogReceiver logs = new LogReceiver(storage.writePath());
            int maxBody = (int) Math.min(Integer.MAX_VALUE - 8, config.ingest().maxBodySize().bytes());
            MetricReceiver metrics = new MetricReceiver(storage.writePath(), storage.metrics());
            RemoteWriteReceiver remoteWrite = new RemoteWriteReceiver(storage.writePath(), storage.metrics(), maxBody);
            grpc = new OtlpGrpcServer(address(config.ingest().grpcPort()), maxBody, traces, logs, metrics).start();
            http = new OtlpHttpServer(address(config.ingest().httpPort()), maxBody, traces, logs, metrics, remoteWrite)
                    .start();
            ready = true;
            long millis = (System.nanoTime() - t0) / 1_000_000;
            LOG.info(() -> String.format("Sightline ready in %d ms: OTLP gRPC %s:%d, OTLP HTTP %s:%d, query API %s:%d, "
                            + "data %s (%d WAL records replayed)", millis, config.listenAddress(), grpc.port(),
                    config.listenAddress(), http.port(), config.listenAddress(), query.port(),
                    config.dataDir().toAbsolutePath().normalize(), replayed));
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
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
