package dev.sightline.storage;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.metrics.MetricsOptions;
import dev.sightline.storage.spanmetrics.SpanMetricsOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the storage layer needs to know.
 *
 * @param dataDir the data folder: {@code wal/}, {@code traces/}, {@code spans/}, {@code logs/} live under it
 * @param walSegmentBytes size after which the WAL starts a new segment
 * @param queueMaxBytes bytes of accepted, not yet applied batches past which ingest is refused (backpressure)
 * @param checkpointInterval how often stores are committed and the WAL truncated
 * @param indexRefresh how often search indexes reopen to see new records (bounds read-after-write delay)
 * @param tracesRetention spans older than this are dropped, a whole day at a time
 * @param retentionCheckInterval how often retention runs (also once before the WAL is replayed)
 * @param correlationKeys attribute keys indexed as correlation IDs, on spans and log records
 * @param logsRetention log records are deleted, a whole UTC day at a time, once their day ended this long ago
 * @param metrics the metric store's retention, out-of-order window and resource labels
 * @param spanMetrics whether and how span RED metrics are derived at ingest
 */
public record StorageOptions(Path dataDir, long walSegmentBytes, long queueMaxBytes, Duration checkpointInterval,
        Duration indexRefresh, Duration tracesRetention, Duration retentionCheckInterval,
        CorrelationKeys correlationKeys, Duration logsRetention, MetricsOptions metrics,
        SpanMetricsOptions spanMetrics) {
    /** As the canonical constructor, with span metrics at their defaults (on). */
    public StorageOptions(Path dataDir, long walSegmentBytes, long queueMaxBytes, Duration checkpointInterval,
            Duration indexRefresh, Duration tracesRetention, Duration retentionCheckInterval,
            CorrelationKeys correlationKeys, Duration logsRetention, MetricsOptions metrics) {
        this(dataDir, walSegmentBytes, queueMaxBytes, checkpointInterval, indexRefresh, tracesRetention,
                retentionCheckInterval, correlationKeys, logsRetention, metrics, SpanMetricsOptions.defaults());
    }

    public StorageOptions {
        if (logsRetention == null || logsRetention.toMillis() < 1) {
            throw new IllegalArgumentException("logs retention must be positive, got " + logsRetention);
        }
        if (walSegmentBytes < 1 << 20) {
            throw new IllegalArgumentException("WAL segment size must be at least 1 MiB, got " + walSegmentBytes);
        }
        if (queueMaxBytes <= 0) {
            throw new IllegalArgumentException("queue size must be positive, got " + queueMaxBytes);
        }
        if (metrics == null) {
            metrics = MetricsOptions.defaults();
        }
        if (spanMetrics == null) {
            spanMetrics = SpanMetricsOptions.defaults();
        }
    }

    /**
     * Defaults for a data folder: 64 MiB segments, 256 MiB queue, 30 s checkpoints, 200 ms refresh, traces kept 7
     * days, retention checked every 10 minutes, the default correlation keys, logs kept 7 days, the metric
     * store's defaults, span metrics on.
     */
    public static StorageOptions defaults(Path dataDir) {
        return new StorageOptions(dataDir, 64L << 20, 256L << 20, Duration.ofSeconds(30), Duration.ofMillis(200),
                Duration.ofDays(7), Duration.ofMinutes(10), CorrelationKeys.DEFAULT, Duration.ofDays(7),
                MetricsOptions.defaults());
    }
}
