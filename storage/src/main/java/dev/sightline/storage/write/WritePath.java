package dev.sightline.storage.write;

import dev.sightline.storage.instrumentation.Histogram;
import dev.sightline.storage.instrumentation.MetricRegistry;
import dev.sightline.storage.model.Signal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes decoded export batches, makes them durable in a {@link RecordLog}, applies them to the stores, and tells
 * the caller when the batch may be acknowledged, with what the synchronous stores rejected of it.
 *
 * <pre>
 * submit ─▶ byte budget ─▶ writer thread: log append × n, one sync ─▶ applier thread: synchronous appliers ─▶ receipt (ack)
 *                                                                     └▶ indexer thread: asynchronous appliers,
 *                                                                        checkpoints ─▶ budget released
 * </pre>
 *
 * The writer syncs the next group while the applier applies the previous one, so a group's sync and another's
 * apply overlap; each group is applied only once it is durable, in LSN order.
 *
 * A batch's bytes stay reserved until every store has applied it, so memory held by queued work is bounded by
 * {@code maxQueuedBytes}; past it {@link #submit} throws {@link OverloadedException} at once.
 */
public final class WritePath implements RecordSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WritePath.class.getName());
    private static final int MAX_GROUP = 4096;

    private final RecordLog log;
    private final List<Applier> syncAppliers;
    private final List<Applier> asyncAppliers;
    private final long maxQueuedBytes;
    private final long checkpointIntervalNanos;
    private final AtomicLong queuedBytes = new AtomicLong();
    private final BlockingQueue<Pending> writeQueue = new LinkedBlockingQueue<>();
    private final BlockingQueue<List<Pending>> applyQueue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Pending> indexQueue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    /** Submits hold the read side while they check {@code accepting} and enqueue; closing takes the write side. */
    private final ReentrantReadWriteLock admission = new ReentrantReadWriteLock();
    private volatile boolean accepting;
    private volatile boolean draining;
    private volatile long syncAppliedLsn = RecordLog.NONE;
    private volatile long asyncAppliedLsn = RecordLog.NONE;
    private volatile boolean checkpointRequested;
    private long lastCheckpoint = RecordLog.NONE;
    private Thread writer;
    private Thread applier;
    private Thread indexer;
    /** Completes receipts in the order groups were applied (one thread); shut down after the applier ends. */
    private final java.util.concurrent.ExecutorService acknowledger = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> Thread.ofPlatform().name("sightline-acknowledger").daemon(true).unstarted(r));
    private final AtomicLong acceptedBatches = new AtomicLong();
    private final AtomicLong rejectedBatches = new AtomicLong();
    private final Histogram fsyncSeconds;
    /** How long the last batch the indexer applied had waited since its fsync; 0 when the indexer is idle. */
    private volatile long indexLagNanos;

    /**
     * @param log where batches are made durable; not closed by the write path (its owner closes it)
     * @param syncAppliers stores a record must reach before it is acknowledged (trace by ID reads these)
     * @param asyncAppliers stores that follow shortly after (search indexes)
     */
    public WritePath(RecordLog log, List<Applier> syncAppliers, List<Applier> asyncAppliers,
            long maxQueuedBytes, Duration checkpointInterval) {
        this(log, syncAppliers, asyncAppliers, maxQueuedBytes, checkpointInterval, new MetricRegistry());
    }

    /** As the other constructor, recording sync latency, queue bytes and apply lag into {@code registry}. */
    public WritePath(RecordLog log, List<Applier> syncAppliers, List<Applier> asyncAppliers,
            long maxQueuedBytes, Duration checkpointInterval, MetricRegistry registry) {
        if (maxQueuedBytes <= 0) {
            throw new IllegalArgumentException("queue size must be positive, got " + maxQueuedBytes);
        }
        this.log = log;
        this.syncAppliers = List.copyOf(syncAppliers);
        this.asyncAppliers = List.copyOf(asyncAppliers);
        this.maxQueuedBytes = maxQueuedBytes;
        this.checkpointIntervalNanos = checkpointInterval.toNanos();
        this.fsyncSeconds = registry.histogram("sightline_wal_fsync_duration_seconds",
                "Time to fsync one group of WAL appends (one group commit).", MetricRegistry.LATENCY_BUCKETS).labels();
        registry.gauge("sightline_ingest_queue_bytes", "Bytes accepted and not yet applied by every store.",
                queuedBytes::get);
        registry.gauge("sightline_ingest_queue_limit_bytes",
                "Queued bytes past which ingest is refused (storage.queue_max_size).", () -> maxQueuedBytes);
        registry.gauge("sightline_index_apply_lag_records",
                "WAL records (one per accepted batch) acknowledged but not yet applied to the search indexes.",
                indexQueue::size);
        registry.gauge("sightline_index_apply_lag_seconds",
                "Time between the fsync and the indexing of the batch the indexer applied last (0 when idle).",
                () -> indexLagNanos / 1e9);
        registry.counters("sightline_ingest_queue_full_total",
                "Batches refused because the ingest queue was full.").add(rejectedBatches::get);
    }

    /**
     * Replays the log past its checkpoint into every store, commits them, and checkpoints, so that the next start
     * after a clean stop has nothing to replay. Call once, before {@link #start()}.
     *
     * @return the number of records replayed
     */
    public long recover() throws IOException {
        long checkpoint = log.readCheckpoint();
        long[] last = {checkpoint};
        long[] count = {0};
        log.replay(checkpoint, rec -> {
            RecordType type = RecordType.ofCode(rec.type());
            Signal signal = type.signal();
            Object batch = type.decode(rec.payload());
            for (Applier a : syncAppliers) {
                applyIfAccepted(a, rec.lsn(), signal, batch, rec.payload());
            }
            for (Applier a : asyncAppliers) {
                applyIfAccepted(a, rec.lsn(), signal, batch, rec.payload());
            }
            last[0] = rec.lsn();
            count[0]++;
        });
        syncAppliedLsn = last[0];
        asyncAppliedLsn = last[0];
        lastCheckpoint = checkpoint;
        if (count[0] > 0) {
            for (Applier a : syncAppliers) {
                a.commit(last[0]);
            }
            for (Applier a : asyncAppliers) {
                a.commit(last[0]);
            }
            log.writeCheckpoint(last[0]);
            log.deleteThrough(last[0]);
            lastCheckpoint = last[0];
        }
        return count[0];
    }

    private static void applyIfAccepted(Applier a, long lsn, Signal signal, Object batch, byte[] payload)
            throws IOException {
        if (a.accepts(signal)) {
            a.apply(lsn, signal, batch, payload);
        }
    }

    /** Starts the writer and indexer threads and begins accepting batches. */
    public void start() {
        synchronized (lifecycle) {
            if (writer != null) {
                throw new IllegalStateException("write path already started");
            }
            writer = Thread.ofPlatform().name("sightline-wal-writer").daemon(false).start(this::writeLoop);
            applier = Thread.ofPlatform().name("sightline-applier").daemon(false).start(this::applyLoop);
            indexer = Thread.ofPlatform().name("sightline-indexer").daemon(false).start(this::indexLoop);
            accepting = true;
        }
    }

    /** {@inheritDoc} Refused with {@link ShuttingDownException} before {@link #start()} and after {@link #close()}. */
    @Override
    public CompletableFuture<Receipt> submit(RecordType type, byte[] payload, Object batch)
            throws OverloadedException, ShuttingDownException {
        admission.readLock().lock();
        try {
            if (!accepting) {
                throw new ShuttingDownException();
            }
            return enqueue(type, payload, batch);
        } finally {
            admission.readLock().unlock();
        }
    }

    @Override
    public void admit(long payloadBytes) throws OverloadedException {
        long current = queuedBytes.get();
        if (current > 0 && current + payloadBytes > maxQueuedBytes) {
            rejectedBatches.incrementAndGet();
            throw full(current);
        }
    }

    private OverloadedException full(long current) {
        return new OverloadedException("ingest queue is full (" + current + " of " + maxQueuedBytes
                + " bytes queued); retry later", 1000);
    }

    private CompletableFuture<Receipt> enqueue(RecordType type, byte[] payload, Object batch) throws OverloadedException {
        long size = payload.length;
        while (true) {
            long current = queuedBytes.get();
            // A batch larger than the whole budget is still taken when nothing else is queued, or it could never
            // be stored.
            if (current > 0 && current + size > maxQueuedBytes) {
                rejectedBatches.incrementAndGet();
                throw full(current);
            }
            if (queuedBytes.compareAndSet(current, current + size)) {
                break;
            }
        }
        Pending p = new Pending(type, payload, batch, new CompletableFuture<>());
        writeQueue.add(p);
        acceptedBatches.incrementAndGet();
        return p.done;
    }

    private void writeLoop() {
        while (true) {
            Pending first;
            try {
                first = writeQueue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (draining && writeQueue.isEmpty()) {
                    return;
                }
                continue;
            }
            List<Pending> group = new ArrayList<>();
            group.add(first);
            writeQueue.drainTo(group, MAX_GROUP - 1);
            try {
                writeGroup(group);
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError) {
                    throw (VirtualMachineError) t;
                }
                LOG.log(Level.SEVERE, "write to the record log failed; " + group.size() + " batches rejected", t);
                for (Pending p : group) {
                    release(p);
                    p.done.completeExceptionally(t);
                }
            }
        }
    }

    private void writeGroup(List<Pending> group) throws IOException {
        try {
            for (Pending p : group) {
                log.append(p.type.code(), p.payload);
            }
            long t0 = System.nanoTime();
            long[] lsns = log.sync();
            fsyncSeconds.observeNanos(System.nanoTime() - t0);
            if (lsns.length != group.size()) {
                throw new IllegalStateException("record log returned " + lsns.length + " LSNs for a group of "
                        + group.size() + " records");
            }
            for (int i = 0; i < lsns.length; i++) {
                group.get(i).lsn = lsns[i];
            }
        } catch (IOException | RuntimeException e) {
            try {
                log.discardUnsynced();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        long synced = System.nanoTime();
        for (Pending p : group) {
            p.syncedAtNanos = synced;
        }
        applyQueue.add(group);
    }

    /** Applies durable groups to the synchronous stores in LSN order, then acknowledges them. */
    private void applyLoop() {
        while (true) {
            List<Pending> group;
            try {
                group = applyQueue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (group == null) {
                if (!writer.isAlive() && applyQueue.isEmpty()) {
                    return;
                }
                continue;
            }
            for (Pending p : group) {
                try {
                    Rejections rejections = Rejections.NONE;
                    for (Applier a : syncAppliers) {
                        if (a.accepts(p.signal)) {
                            rejections = rejections.plus(a.applyAndReport(p.lsn, p.signal, p.batch));
                        }
                    }
                    p.rejections = rejections;
                } catch (Throwable t) {
                    if (t instanceof VirtualMachineError) {
                        throw (VirtualMachineError) t;
                    }
                    // Durable but not applied: replay applies it after a restart; the client hears of the failure.
                    LOG.log(Level.SEVERE, "applying record " + p.lsn + " failed", t);
                    p.failure = t;
                }
                syncAppliedLsn = p.lsn;
            }
            // Completing runs the receivers' answers (building responses, waking event loops): on another thread,
            // so the applier goes on to the next group.
            acknowledger.execute(() -> {
                for (Pending p : group) {
                    if (p.failure != null) {
                        p.done.completeExceptionally(p.failure);
                    } else {
                        p.done.complete(new Receipt(p.lsn, p.rejections));
                    }
                }
            });
            indexQueue.addAll(group);
        }
    }

    private void indexLoop() {
        long lastCheckpointAt = System.nanoTime();
        while (true) {
            Pending p;
            try {
                p = indexQueue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (p != null) {
                for (Applier a : asyncAppliers) {
                    try {
                        applyIfAccepted(a, p.lsn, p.signal, p.batch, p.payload);
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.SEVERE, "indexing record " + p.lsn + " failed", e);
                    }
                }
                asyncAppliedLsn = p.lsn;
                indexLagNanos = System.nanoTime() - p.syncedAtNanos;
                release(p);
            } else {
                indexLagNanos = 0;
            }
            boolean writerDone = applier != null && !applier.isAlive();
            if (checkpointRequested || System.nanoTime() - lastCheckpointAt >= checkpointIntervalNanos
                    || (p == null && writerDone)) {
                checkpointNow();
                lastCheckpointAt = System.nanoTime();
                checkpointRequested = false;
                synchronized (lifecycle) {
                    lifecycle.notifyAll();
                }
            }
            if (p == null && writerDone && indexQueue.isEmpty()) {
                return;
            }
        }
    }

    private void checkpointNow() {
        long async = asyncAppliedLsn;
        long sync = syncAppliedLsn;
        try {
            for (Applier a : asyncAppliers) {
                a.commit(async);
            }
            for (Applier a : syncAppliers) {
                a.commit(sync);
            }
            long c = Math.min(async, sync);
            if (c > lastCheckpoint) {
                log.writeCheckpoint(c);
                log.deleteThrough(c);
                lastCheckpoint = c;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "checkpoint failed; the log keeps everything since the previous one", e);
        }
    }

    /** Asks the indexer thread for a checkpoint and waits for it (tests and shutdown use this). */
    public void checkpoint() throws InterruptedException {
        synchronized (lifecycle) {
            checkpointRequested = true;
            while (checkpointRequested && indexer != null && indexer.isAlive()) {
                lifecycle.wait(100);
            }
        }
    }

    private void release(Pending p) {
        queuedBytes.addAndGet(-p.payload.length);
    }

    /** Bytes accepted and not yet applied by every store. */
    public long queuedBytes() {
        return queuedBytes.get();
    }

    public long acceptedBatches() {
        return acceptedBatches.get();
    }

    public long rejectedBatches() {
        return rejectedBatches.get();
    }

    /** The LSN of the last checkpoint written. */
    public long lastCheckpoint() {
        return lastCheckpoint;
    }

    /**
     * Stops accepting, writes and applies everything already accepted, commits the stores and checkpoints.
     * Idempotent. Does not close the log or the stores: their owner does.
     */
    @Override
    public void close() throws InterruptedException {
        admission.writeLock().lock();
        try {
            accepting = false;
            draining = true;
        } finally {
            admission.writeLock().unlock();
        }
        if (writer != null) {
            writer.join();
        }
        if (applier != null) {
            applier.join();
        }
        acknowledger.shutdown();
        acknowledger.awaitTermination(1, TimeUnit.MINUTES);
        if (indexer != null) {
            indexer.join();
        }
    }

    private static final class Pending {
        final RecordType type;
        final Signal signal;
        final byte[] payload;
        final Object batch;
        final CompletableFuture<Receipt> done;
        long lsn;
        Rejections rejections;
        Throwable failure;
        long syncedAtNanos;

        Pending(RecordType type, byte[] payload, Object batch, CompletableFuture<Receipt> done) {
            this.type = type;
            this.signal = type.signal();
            this.payload = payload;
            this.batch = batch;
            this.done = done;
        }
    }
}
