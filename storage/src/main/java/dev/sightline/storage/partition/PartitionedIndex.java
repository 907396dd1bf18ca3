package dev.sightline.storage.partition;

import dev.sightline.storage.write.Applier;
import java.io.IOException;
import java.util.List;

/**
 * A store of the write path kept in {@link DayPartitions}: what every day-partitioned index does alike (commit,
 * retention, refresh, close) is here, so a subclass owns only its schema, its documents and {@code apply}.
 * Thread-safety is {@link DayPartitions}'.
 */
public abstract class PartitionedIndex implements Applier, AutoCloseable {
    /** The day partitions; subclasses apply and search through them. Owned: closed by {@link #close}. */
    protected final DayPartitions partitions;

    protected PartitionedIndex(DayPartitions partitions) {
        this.partitions = partitions;
    }

    /** Commits every partition changed since its last commit, with {@code throughLsn} in its commit data. */
    @Override
    public final void commit(long throughLsn) throws IOException {
        partitions.commit(throughLsn);
    }

    /**
     * Deletes every day before {@code oldestKept} (yyyyMMdd), and ignores documents of those days from now on.
     *
     * @return the days deleted
     */
    public final List<String> dropBefore(String oldestKept) throws IOException {
        return partitions.dropBefore(oldestKept);
    }

    /** Makes everything applied so far searchable now (tests; searches normally wait for the refresher). */
    public final void refreshNow() throws IOException {
        partitions.refreshNow();
    }

    /** The day partitions on disk, oldest first, as {@code yyyyMMdd}. */
    public final List<String> partitionNames() {
        return partitions.days();
    }

    /** Closes the partitions (what was not committed is rolled back: the WAL replays it). Idempotent. */
    @Override
    public void close() {
        partitions.close();
    }
}
