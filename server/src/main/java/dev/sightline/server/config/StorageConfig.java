package dev.sightline.server.config;

import java.time.Duration;

/**
 * The storage layer's knobs; the data folder itself is {@link SightlineConfig#dataDir()}.
 *
 * @param walSegmentSize size after which the WAL starts a new segment
 * @param queueMaxSize accepted but not yet applied data past which ingest is refused (backpressure); 0 sizes it
 *     from the heap: a sixteenth of the maximum heap, at least 16MiB and at most 256MiB (decoded batches take
 *     several times their encoded size, so a fixed size that suits a large heap exhausts a small one)
 * @param checkpointInterval how often stores are committed and the WAL truncated
 * @param indexRefresh how often search indexes reopen to see new records (bounds read-after-write delay)
 * @param retentionCheckInterval how often data past its retention is dropped (also once at start-up)
 */
public record StorageConfig(ByteSize walSegmentSize, ByteSize queueMaxSize, Duration checkpointInterval,
        Duration indexRefresh, Duration retentionCheckInterval) {
    static final ByteSize MIN_WAL_SEGMENT_SIZE = ByteSize.ofMebibytes(1);

    public StorageConfig {
        if (walSegmentSize == null || walSegmentSize.compareTo(MIN_WAL_SEGMENT_SIZE) < 0) {
            throw new IllegalArgumentException(
                    "storage.wal_segment_size must be at least " + MIN_WAL_SEGMENT_SIZE + ", got " + walSegmentSize);
        }
        if (queueMaxSize == null || queueMaxSize.bytes() < 0) {
            throw new IllegalArgumentException("storage.queue_max_size must be 0 (from the heap) or more, got "
                    + queueMaxSize);
        }
        checkPositive("storage.checkpoint_interval", checkpointInterval);
        checkPositive("storage.index_refresh", indexRefresh);
        checkPositive("storage.retention_check_interval", retentionCheckInterval);
    }

    public static StorageConfig defaults() {
        return new StorageConfig(ByteSize.ofMebibytes(64), ByteSize.ofBytes(0), Duration.ofSeconds(30),
                Duration.ofMillis(200), Duration.ofMinutes(10));
    }

    /** The queue limit in bytes: {@link #queueMaxSize()}, or when it is 0 the size taken from {@code maxHeapBytes}. */
    public long queueMaxBytes(long maxHeapBytes) {
        if (queueMaxSize.bytes() > 0) {
            return queueMaxSize.bytes();
        }
        return Math.clamp(maxHeapBytes / 16, ByteSize.ofMebibytes(16).bytes(), ByteSize.ofMebibytes(256).bytes());
    }

    private static void checkPositive(String key, Duration d) {
        if (d == null || d.toMillis() < 1) {
            String got = d == null || d.isNegative() ? String.valueOf(d) : PrometheusDuration.format(d);
            throw new IllegalArgumentException(key + " must be at least 1ms, got " + got);
        }
    }
}
