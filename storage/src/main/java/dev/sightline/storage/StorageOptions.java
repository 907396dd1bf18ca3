package dev.sightline.storage;

import dev.sightline.storage.metrics.MetricsOptions;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the storage layer needs to know.
 *
 * @param dataDir the data folder: {@code wal/}, {@code traces/}, {@code spans/} live under it
 * @param walSegmentBytes size after which the WAL starts a new segment
 * @param queueMaxBytes bytes of accepted, not yet applied batches past which ingest is refused (backpressure)
 * @param checkpointInterval how often stores are committed and the WAL truncated
 * @param indexRefresh how often search indexes reopen to see new records (bounds read-after-write delay)
 * @param metrics the metric store's retention, out-of-order window and resource labels
 */
public record StorageOptions(Path dataDir, long walSegmentBytes, long queueMaxBytes, Duration checkpointInterval,
        Duration indexRefresh, MetricsOptions metrics) {
    public StorageOptions {
        if (walSegmentBytes < 1 << 20) {
            throw new IllegalArgumentException("WAL segment size must be at least 1 MiB, got " + walSegmentBytes);
        }
        if (queueMaxBytes <= 0) {
            throw new IllegalArgumentException("queue size must be positive, got " + queueMaxBytes);
        }
        if (metrics == null) {
            metrics = MetricsOptions.defaults();
        }
    }

    /** Options with the metric store's defaults. */
    public StorageOptions(Path dataDir, long walSegmentBytes, long queueMaxBytes, Duration checkpointInterval,
            Duration indexRefresh) {
        this(dataDir, walSegmentBytes, queueMaxBytes, checkpointInterval, indexRefresh, MetricsOptions.defaults());
    }

    /** Defaults for a data folder: 64 MiB segments, 256 MiB queue, 30 s checkpoints, 200 ms refresh. */
    public static StorageOptions defaults(Path dataDir) {
        return new StorageOptions(dataDir, 64L << 20, 256L << 20, Duration.ofSeconds(30), Duration.ofMillis(200));
    }
}
