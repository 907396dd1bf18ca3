package dev.sightline.storage.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.IndexSearcher;

/**
 * A Lucene store partitioned by UTC day: {@code root/yyyyMMdd/}, one index each, opened at start from the folders
 * found and created on demand when a document of a new day arrives.
 *
 * <p>Replay never adds a document twice: each partition's commit records the last WAL LSN it holds, and
 * {@link #apply} skips a record at or below it for that partition, or at or below the newest record applied since
 * open. {@link #dropBefore} deletes whole days and
 * makes documents of those days skipped from then on. Searchers reopen every {@code refreshMillis}.
 *
 * <p>Thread-safety: one lock discipline for everything. {@link #apply}, {@link #commit}, refreshes and
 * {@link #search} hold the read side; {@link #dropBefore} and {@link #close} take the write side, so a search
 * never meets a half-closed partition. Applies and commits come from one thread at a time (the write path's
 * indexer); searches from any.
 */
public final class DayPartitions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DayPartitions.class.getName());

    private final Path root;
    private final PartitionOptions options;
    private final NavigableMap<String, DayPartition> partitions = new ConcurrentSkipListMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final ScheduledExecutorService refresher;
    private volatile String oldestKept = "00000000";
    /** The newest record applied since open: records arrive in LSN order, so one at or below it is a repeat. */
    private long appliedLsn = Long.MIN_VALUE;
    private boolean closed;

    private DayPartitions(Path root, PartitionOptions options) throws IOException {
        this.root = root;
        this.options = options;
        Files.createDirectories(root);
        try {
            for (Path dir : DayFolders.list(root)) {
                if (options.folders().admit(dir)) {
                    String day = dir.getFileName().toString();
                    partitions.put(day, DayPartition.open(day, dir, options.writerConfig().get()));
                }
            }
            options.warmUp().run();
        } catch (IOException | RuntimeException e) {
            closePartitions();
            throw e;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("sightline-" + options.name() + "-refresh").daemon(true).unstarted(r));
        refresher.scheduleWithFixedDelay(this::refresh, options.refreshMillis(), options.refreshMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Opens the day folders under {@code root} (created if missing) and starts the refresher. */
    public static DayPartitions open(Path root, PartitionOptions options) throws IOException {
        return new DayPartitions(root, options);
    }

    /** The documents of one WAL record, written through a {@link DaySink}. */
    @FunctionalInterface
    public interface Batch {
        void writeTo(DaySink sink) throws IOException;
    }

    /**
     * Runs {@code batch} for WAL record {@code lsn}; no day is dropped meanwhile. A record at or below the newest one
     * applied since open is a repeat (a replay over what this process applied, a redelivery) and is skipped whole.
     */
    public void apply(long lsn, Batch batch) throws IOException {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IOException(options.name() + " partitions under " + root + " are closed");
            }
            if (lsn <= appliedLsn) {
                return;
            }
            batch.writeTo(new Sink(lsn));
            appliedLsn = lsn;
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * The sink of one record. The documents of a record mostly fall on one day, so the last day's decision and
     * partition are remembered: {@code skips} then {@code add} of the same day look the partition up once.
     */
    private final class Sink implements DaySink {
        private final long lsn;
        private String day;
        private DayPartition partition;
        private boolean skip;

        Sink(long lsn) {
            this.lsn = lsn;
        }

        private void resolve(String d) {
            if (!d.equals(day)) {
                day = d;
                partition = partitions.get(d);
                skip = d.compareTo(oldestKept) < 0 || (partition != null && partition.holds(lsn));
            }
        }

        @Override
        public boolean skips(String d) {
            resolve(d);
            return skip;
        }

        @Override
        public Adder adder(String d) throws IOException {
            resolve(d);
            if (skip) {
                return null;
            }
            if (partition == null) {
                partition = create(d);
            }
            return partition::add;
        }

        @Override
        public boolean add(String d, Document doc) throws IOException {
            resolve(d);
            if (skip) {
                return false;
            }
            if (partition == null) {
                partition = create(d);
            }
            partition.add(doc);
            return true;
        }
    }

    /** A new day's partition. Only {@link #apply} creates partitions, and applies come from one thread. */
    private DayPartition create(String day) throws IOException {
        DayPartition p = DayPartition.open(day, root.resolve(day), options.writerConfig().get());
        partitions.put(day, p);
        return p;
    }

    /** Commits every partition changed since its last commit, recording {@code throughLsn} in the commit data. */
    public void commit(long throughLsn) throws IOException {
        lock.readLock().lock();
        try {
            for (DayPartition p : partitions.values()) {
                p.commit(throughLsn);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Deletes every partition of a day before {@code oldestKept} (yyyyMMdd), and skips documents of those days from
     * now on. Waits for applies and searches in progress. A folder that cannot be deleted is reported after the
     * others are.
     *
     * @return the days dropped, oldest first
     */
    public List<String> dropBefore(String oldestKept) throws IOException {
        if (partitions.headMap(oldestKept).isEmpty()) {
            // Nothing to delete (most runs): no write lock, so applies and searches do not wait for one. An apply
            // racing this may still create a day before oldestKept; the next run, finding it, drops it.
            this.oldestKept = oldestKept;
            return List.of();
        }
        List<String> dropped = new ArrayList<>();
        IOException failed = null;
        lock.writeLock().lock();
        try {
            this.oldestKept = oldestKept;
            for (String day : new ArrayList<>(partitions.headMap(oldestKept).keySet())) {
                DayPartition p = partitions.remove(day);
                try {
                    p.close();
                    DayFolders.delete(p.dir);
                } catch (IOException e) {
                    if (failed == null) {
                        failed = new IOException("deleting " + options.name() + " partition " + p.dir + " failed", e);
                    } else {
                        failed.addSuppressed(e);
                    }
                }
                dropped.add(day);
            }
        } finally {
            lock.writeLock().unlock();
        }
        if (!dropped.isEmpty()) {
            LOG.info(() -> options.name() + " retention dropped partitions " + dropped);
        }
        if (failed != null) {
            throw failed;
        }
        return dropped;
    }

    /**
     * Runs {@code search} on a searcher of each partition whose day passes {@code days}, newest or oldest day
     * first, until it returns false. Each searcher is released after its day; no day is dropped meanwhile.
     */
    public <E extends Exception> void search(Predicate<String> days, boolean newestFirst, PartitionSearch<E> search)
            throws IOException, E {
        lock.readLock().lock();
        try {
            for (DayPartition p : (newestFirst ? partitions.descendingMap() : partitions).values()) {
                if (!days.test(p.day)) {
                    continue;
                }
                IndexSearcher s = p.searchers.acquire();
                try {
                    if (!search.search(p.day, s)) {
                        return;
                    }
                } finally {
                    p.searchers.release(s);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private void refresh() {
        lock.readLock().lock();
        try {
            for (DayPartition p : partitions.values()) {
                try {
                    p.searchers.maybeRefresh();
                } catch (IOException | RuntimeException e) {
                    LOG.log(Level.WARNING, "refreshing " + options.name() + " partition " + p.dir + " failed", e);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes every document applied so far searchable now (tests; searches normally wait for the refresher). */
    public void refreshNow() throws IOException {
        lock.readLock().lock();
        try {
            for (DayPartition p : partitions.values()) {
                p.searchers.maybeRefreshBlocking();
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The days held, oldest first, as {@code yyyyMMdd}. */
    public List<String> days() {
        return new ArrayList<>(partitions.keySet());
    }

    /**
     * Stops the refresher and closes every partition, rolling back what was not committed (the WAL replays it).
     * Waits for applies and searches in progress. Idempotent.
     */
    @Override
    public void close() {
        refresher.shutdown();
        try {
            // A refresh still running would race the writers being rolled back below.
            refresher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.writeLock().lock();
        try {
            closed = true;
            closePartitions();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closePartitions() {
        for (DayPartition p : partitions.values()) {
            try {
                p.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing " + options.name() + " partition " + p.dir + " failed", e);
            }
        }
        partitions.clear();
    }
}
