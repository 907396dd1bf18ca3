package dev.sightline.storage;

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
 * @param logsRetention log records are deleted, a whole UTC day at a time, once their day ended this long ago
 */
public record StorageOptions(Path dataDir, long walSegmentBytes, long queueMaxBytes, Duration checkpointInterval,
        Duration indexRefresh, Duration logsRetention) {
    /** Logs are kept 7 days unless configured otherwise. */
    public static final Duration DEFAULT_LOGS_RETENTION = Duration.ofDays(7);

    /** Options with the default log retention. */
    public StorageOptions(Path dataDir, long walSegmentBytes, long queueMaxBytes, Duration checkpointInterval,
            Duration indexRefresh) {
        this(dataDir, walSegmentBytes, queueMaxBytes, checkpointInterval, indexRefresh, DEFAULT_LOGS_RETENTION);
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
    }

    /** Defaults for a data folder: 64 MiB segments, 256 MiB queue, 30 s checkpoints, 200 ms refresh. */
    public static StorageOptions defaults(Path dataDir) {
        return new StorageOptions(dataDir, 64L << 20, 256L << 20, Duration.ofSeconds(30), Duration.ofMillis(200));
    }
}
