package dev.sightline.server.config;

import java.time.Duration;

/**
 * The storage layer's knobs; the data folder itself is {@link SightlineConfig#dataDir()}.
 *
 * @param walSegmentSize size after which the WAL starts a new segment
 * @param queueMaxSize accepted but not yet applied data past which ingest is refused (backpressure)
 * @param checkpointInterval how often stores are committed and the WAL truncated
 * @param indexRefresh how often search indexes reopen to see new records (bounds read-after-write delay)
 * @param logsRetention how long log records are kept: a UTC day of logs is deleted once it ended this long ago
 */
public record StorageConfig(ByteSize walSegmentSize, ByteSize queueMaxSize, Duration checkpointInterval,
        Duration indexRefresh, Duration logsRetention) {
    static final ByteSize MIN_WAL_SEGMENT_SIZE = ByteSize.ofMebibytes(1);
    static final Duration DEFAULT_LOGS_RETENTION = Duration.ofDays(7);

    /** With the default log retention (7 days). */
    public StorageConfig(ByteSize walSegmentSize, ByteSize queueMaxSize, Duration checkpointInterval,
            Duration indexRefresh) {
        this(walSegmentSize, queueMaxSize, checkpointInterval, indexRefresh, DEFAULT_LOGS_RETENTION);
    }

    public StorageConfig {
        if (walSegmentSize == null || walSegmentSize.compareTo(MIN_WAL_SEGMENT_SIZE) < 0) {
            throw new IllegalArgumentException(
                    "storage.wal_segment_size must be at least " + MIN_WAL_SEGMENT_SIZE + ", got " + walSegmentSize);
        }
        if (queueMaxSize == null || queueMaxSize.bytes() < 1) {
            throw new IllegalArgumentException("storage.queue_max_size must be at least 1B, got " + queueMaxSize);
        }
        checkPositive("storage.checkpoint_interval", checkpointInterval);
        checkPositive("storage.index_refresh", indexRefresh);
        checkPositive("storage.logs_retention", logsRetention);
    }

    public static StorageConfig defaults() {
        return new StorageConfig(ByteSize.ofMebibytes(64), ByteSize.ofMebibytes(256), Duration.ofSeconds(30),
                Duration.ofMillis(200));
    }

    private static void checkPositive(String key, Duration d) {
        if (d == null || d.toMillis() < 1) {
            String got = d == null || d.isNegative() ? String.valueOf(d) : PrometheusDuration.format(d);
            throw new IllegalArgumentException(key + " must be at least 1ms, got " + got);
        }
    }
}
