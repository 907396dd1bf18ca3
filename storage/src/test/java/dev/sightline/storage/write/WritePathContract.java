package dev.sightline.storage.write;

import static dev.sightline.storage.testing.TestSpans.MARCH_1_NOON;
import static dev.sightline.storage.testing.TestSpans.request;
import static dev.sightline.storage.testing.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Message;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The write path's behaviour (group commit, durability ordering, backpressure, shutdown, replay skipping what was
 * committed, checkpoint and delete), run against every {@link RecordLog} (see {@link WritePathTest}): nothing here
 * may depend on which log stands behind it, nor on how its LSNs are spaced.
 */
abstract class WritePathContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Long enough that only explicit checkpoints and close() checkpoint during a test. */
    private static final Duration NO_PERIODIC_CHECKPOINT = Duration.ofHours(1);

    /** The log under test, wrapped so tests can watch and fail its calls. */
    private ObservedLog log;
    private final List<RecordLog> logs = new ArrayList<>();
    private final List<WritePath> started = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();

    /** A new, empty log. */
    abstract RecordLog open() throws IOException;

    /** Another instance over what {@code log} made durable, as a process starting after a crash would find it. */
    abstract RecordLog openAnother(RecordLog log) throws IOException;

    @BeforeEach
    void openLog() throws IOException {
        RecordLog inner = open();
        logs.add(inner);
        log = new ObservedLog(inner);
    }

    @AfterEach
    void closeEverything() throws Exception {
        gates.forEach(CountDownLatch::countDown); // never leave a writer thread stuck
        for (WritePath wp : started) {
            wp.close();
        }
        for (RecordLog l : logs) {
            l.close();
        }
    }

    /**
     * Delegates to a log, recording the order of calls into {@link #events} (with the LSNs a sync returned) and
     * failing the next sync on request, after the appends reached the log (as a full disk would).
     */
    static final class ObservedLog implements RecordLog {
        final RecordLog inner;
        final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
        private volatile boolean failNextSync;
        private volatile int syncs;

        ObservedLog(RecordLog inner) {
            this.inner = inner;
        }

        /** A copy of the events so far (iterating the live list would race with the write path's threads). */
        List<String> events() {
            return List.copyOf(events);
        }

        void failNextSync() {
            failNextSync = true;
        }

        private volatile CountDownLatch syncGate;
        private final CountDownLatch syncEntered = new CountDownLatch(1);

        /** Makes the next syncs wait for {@code gate} (the writer thread is then busy in its sync). */
        void holdSyncs(CountDownLatch gate) {
            syncGate = gate;
        }

        boolean awaitSyncEntered() throws InterruptedException {
            return syncEntered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        int syncs() {
            return syncs;
        }

        @Override
        public void append(byte type, byte[] payload) throws IOException {
            inner.append(type, payload);
            events.add("append");
        }

        @Override
        public long[] sync() throws IOException {
            if (failNextSync) {
                failNextSync = false;
                throw new IOException("test: sync failed");
            }
            CountDownLatch gate = syncGate;
            if (gate != null) {
                syncEntered.countDown();
                try {
                    gate.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("test: interrupted in sync", e);
                }
            }
            long[] lsns = inner.sync();
            syncs++;
            for (long lsn : lsns) {
                events.add("synced " + lsn);
            }
            return lsns;
        }

        @Override
        public void discardUnsynced() throws IOException {
            inner.discardUnsynced();
            events.add("discard");
        }

        @Override
        public void replay(long afterLsn, Visitor visitor) throws IOException {
            inner.replay(afterLsn, visitor);
        }

        @Override
        public long readCheckpoint() throws IOException {
            return inner.readCheckpoint();
        }

        @Override
        public void writeCheckpoint(long lsn) throws IOException {
            inner.writeCheckpoint(lsn);
            events.add("checkpoint " + lsn);
        }

        @Override
        public void deleteThrough(long lsn) throws IOException {
            inner.deleteThrough(lsn);
            events.add("delete through " + lsn);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    /** A real store for the test: remembers what it was given, optionally holding apply() until released. */
    static final class RecordingApplier implements Applier {
        record Applied(long lsn, Signal signal, Object batch) {
        }

        private final Set<Signal> signals;
        private final List<Applied> applied = new ArrayList<>();
        private final List<Long> commits = new ArrayList<>();
        private final CountDownLatch entered = new CountDownLatch(1);
        private volatile CountDownLatch gate;

        RecordingApplier(Signal... signals) {
            this.signals = Set.of(signals);
        }

        /** From now on apply() waits until {@code g} is released. */
        RecordingApplier holdOn(CountDownLatch g) {
            this.gate = g;
            return this;
        }

        @Override
        public boolean accepts(Signal signal) {
            return signals.contains(signal);
        }

        @Override
        public void apply(long lsn, Signal signal, Object batch) throws IOException {
            entered.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    if (!g.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("test gate never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            synchronized (this) {
                applied.add(new Applied(lsn, signal, batch));
                notifyAll();
            }
        }

        @Override
        public synchronized void commit(long throughLsn) {
            commits.add(throughLsn);
        }

        synchronized List<Applied> applied() {
            return List.copyOf(applied);
        }

        synchronized List<Long> commits() {
            return List.copyOf(commits);
        }

        synchronized List<Long> lsns() {
            return applied.stream().map(Applied::lsn).toList();
        }

        boolean awaitEntered() throws InterruptedException {
            return entered.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Waits (bounded) until at least {@code n} records were applied; returns what was applied. */
        synchronized List<Applied> awaitApplied(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (applied.size() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + n + " applied records within " + TIMEOUT + ", got "
                            + applied.size());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return List.copyOf(applied);
        }
    }

    private CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    private WritePath startedPath(List<Applier> sync, List<Applier> async, long maxQueuedBytes) throws IOException {
        WritePath wp = new WritePath(log, sync, async, maxQueuedBytes, NO_PERIODIC_CHECKPOINT);
        wp.recover();
        wp.start();
        started.add(wp);
        return wp;
    }

    private static ExportTraceServiceRequest traces(int n) {
        return request("svc-" + n, span(n, 1, "op-" + n, MARCH_1_NOON + n), span(n, 2, "child-" + n, MARCH_1_NOON + n));
    }

    private static ExportLogsServiceRequest logs(String body) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(MARCH_1_NOON)
                                .setBody(io.opentelemetry.proto.common.v1.AnyValue.newBuilder().setStringValue(body)))))
                .build();
    }

    private static CompletableFuture<Receipt> submit(WritePath wp, Message batch)
            throws OverloadedException, ShuttingDownException {
        Signal signal = batch instanceof ExportLogsServiceRequest ? Signal.LOGS : Signal.TRACES;
        return wp.submit(signal, batch.toByteArray(), batch);
    }

    /** The LSN the receipt carries. */
    private static long await(CompletableFuture<Receipt> f) throws Exception {
        return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).lsn();
    }

    /** Polls {@code condition} until it holds or the timeout passes; no timing is asserted. */
    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    private List<RecordLog.Entry> logRecords(long afterLsn) throws IOException {
        List<RecordLog.Entry> out = new ArrayList<>();
        log.replay(afterLsn, out::add);
        return out;
    }

    @Test
    void submitCompletesOnceDurableAndAppliedBySyncStores() throws Exception {
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        RecordingApplier logsOnly = new RecordingApplier(Signal.LOGS);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync, logsOnly), List.of(async), 1 << 20);

        ExportTraceServiceRequest batch = traces(1);
        long lsn = await(submit(wp, batch));

        // Acknowledged means: in the log, synced, and already applied by the synchronous store.
        assertThat(sync.applied()).containsExactly(new RecordingApplier.Applied(lsn, Signal.TRACES, batch));
        List<RecordLog.Entry> inLog = logRecords(RecordLog.NONE);
        assertThat(inLog).hasSize(1);
        assertThat(inLog.getFirst().lsn()).isEqualTo(lsn);
        assertThat(inLog.getFirst().type()).isEqualTo(Signal.TRACES.code());
        assertThat(Signal.TRACES.parse(inLog.getFirst().payload())).isEqualTo(batch);

        assertThat(async.awaitApplied(1)).containsExactly(new RecordingApplier.Applied(lsn, Signal.TRACES, batch));
        assertThat(logsOnly.applied()).as("store that does not take traces").isEmpty();
        assertThat(wp.acceptedBatches()).isEqualTo(1);
        awaitTrue("the batch's bytes to be released", () -> wp.queuedBytes() == 0);

        wp.checkpoint();
        assertThat(log.readCheckpoint()).isEqualTo(lsn);
        assertThat(wp.lastCheckpoint()).isEqualTo(lsn);
        assertThat(sync.commits()).isNotEmpty().allSatisfy(c -> assertThat(c).isEqualTo(lsn));
        assertThat(async.commits()).isNotEmpty().allSatisfy(c -> assertThat(c).isEqualTo(lsn));
    }

    @Test
    void manyBatchesGetIncreasingLsnsAndReachEveryStoreInOrder() throws Exception {
        RecordingApplier sync = new RecordingApplier(Signal.TRACES, Signal.LOGS);
        RecordingApplier async = new RecordingApplier(Signal.TRACES, Signal.LOGS);
        WritePath wp = startedPath(List.of(sync), List.of(async), 64L << 20);

        List<Message> batches = new ArrayList<>();
        List<CompletableFuture<Receipt>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Message batch = i % 5 == 0 ? logs("log " + i) : traces(i);
            batches.add(batch);
            futures.add(submit(wp, batch));
        }
        List<Long> lsns = new ArrayList<>();
        for (CompletableFuture<Receipt> f : futures) {
            lsns.add(await(f));
        }
        assertThat(lsns).isSorted().doesNotHaveDuplicates();
        assertThat(sync.lsns()).isEqualTo(lsns);
        assertThat(async.awaitApplied(200)).extracting(RecordingApplier.Applied::lsn).isEqualTo(lsns);
        assertThat(async.applied()).extracting(RecordingApplier.Applied::batch).isEqualTo(batches);
        assertThat(logRecords(RecordLog.NONE)).extracting(RecordLog.Entry::lsn).isEqualTo(lsns);
    }

    @Test
    void submitBeyondTheByteBudgetIsRefusedUntilStoresCatchUp() throws Exception {
        CountDownLatch gate = gate();
        RecordingApplier sync = new RecordingApplier(Signal.TRACES).holdOn(gate);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        ExportTraceServiceRequest first = traces(1);
        int size = first.getSerializedSize();
        WritePath wp = startedPath(List.of(sync), List.of(async), size * 3L / 2);

        CompletableFuture<Receipt> stuck = submit(wp, first);
        assertThat(sync.awaitEntered()).as("writer thread is inside the sync store").isTrue();
        assertThat(wp.queuedBytes()).isEqualTo(size);

        assertThatThrownBy(() -> submit(wp, traces(2)))
                .isInstanceOfSatisfying(OverloadedException.class,
                        e -> assertThat(e.retryAfterMillis()).isPositive())
                .hasMessageContaining("queue is full");
        assertThatThrownBy(() -> submit(wp, traces(3))).isInstanceOf(OverloadedException.class);
        assertThat(wp.rejectedBatches()).isEqualTo(2);
        assertThat(wp.acceptedBatches()).isEqualTo(1);
        assertThat(stuck).isNotDone();

        gate.countDown();
        long firstLsn = await(stuck);
        awaitTrue("queued bytes to drain", () -> wp.queuedBytes() == 0);

        ExportTraceServiceRequest later = traces(4);
        long laterLsn = await(submit(wp, later));
        assertThat(laterLsn).isGreaterThan(firstLsn);
        assertThat(sync.applied()).extracting(RecordingApplier.Applied::batch).containsExactly(first, later);
        assertThat(logRecords(RecordLog.NONE)).as("refused batches never reach the WAL").hasSize(2);
    }

    @Test
    void batchLargerThanTheWholeBudgetIsTakenWhenNothingIsQueued() throws Exception {
        CountDownLatch gate = gate();
        RecordingApplier sync = new RecordingApplier(Signal.TRACES).holdOn(gate);
        WritePath wp = startedPath(List.of(sync), List.of(), 10);

        ExportTraceServiceRequest big = traces(1);
        assertThat(big.getSerializedSize()).isGreaterThan(10);
        CompletableFuture<Receipt> accepted = submit(wp, big);
        assertThat(sync.awaitEntered()).isTrue();
        assertThatThrownBy(() -> submit(wp, traces(2))).as("nothing more while it is queued")
                .isInstanceOf(OverloadedException.class);

        gate.countDown();
        long lsn = await(accepted);
        assertThat(sync.applied()).containsExactly(new RecordingApplier.Applied(lsn, Signal.TRACES, big));
        awaitTrue("queued bytes to drain", () -> wp.queuedBytes() == 0);
        assertThat(await(submit(wp, traces(3)))).isGreaterThan(lsn);
    }

    @Test
    void closeDrainsEverythingAcceptedThenRefusesSubmits() throws Exception {
        CountDownLatch gate = gate();
        RecordingApplier sync = new RecordingApplier(Signal.TRACES).holdOn(gate);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(async), 64L << 20);

        List<Message> batches = new ArrayList<>();
        List<CompletableFuture<Receipt>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ExportTraceServiceRequest b = traces(i);
            batches.add(b);
            futures.add(submit(wp, b));
        }
        assertThat(sync.awaitEntered()).isTrue();

        Thread closer = Thread.ofPlatform().name("test-closer").start(() -> {
            try {
                wp.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        // Until close() stops admission, submits are still accepted, and must be drained too.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            ExportTraceServiceRequest b = traces(1000 + batches.size());
            try {
                futures.add(submit(wp, b));
                batches.add(b);
            } catch (ShuttingDownException expected) {
                break;
            }
            assertThat(System.nanoTime()).as("close() stops admission").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(futures).as("nothing completes while the store is held").noneMatch(CompletableFuture::isDone);
        assertThat(closer.isAlive()).as("close waits for the drain").isTrue();

        gate.countDown();
        closer.join(TIMEOUT.toMillis());
        assertThat(closer.isAlive()).isFalse();

        List<Long> lsns = new ArrayList<>();
        for (CompletableFuture<Receipt> f : futures) {
            assertThat(f).isCompleted();
            lsns.add(f.join().lsn());
        }
        assertThat(sync.applied()).extracting(RecordingApplier.Applied::batch).isEqualTo(batches);
        assertThat(async.applied()).extracting(RecordingApplier.Applied::lsn).isEqualTo(lsns);
        long last = lsns.getLast();
        assertThat(log.readCheckpoint()).as("close checkpoints").isEqualTo(last);
        assertThat(async.commits()).contains(last);
        assertThat(sync.commits()).contains(last);
        assertThat(wp.queuedBytes()).isZero();

        assertThatThrownBy(() -> submit(wp, traces(9999))).isInstanceOf(ShuttingDownException.class);
        wp.close(); // idempotent
    }

    @Test
    void submitBeforeStartIsRefused() throws IOException {
        WritePath wp = new WritePath(log, List.of(), List.of(), 1024, NO_PERIODIC_CHECKPOINT);
        wp.recover();
        assertThatThrownBy(() -> submit(wp, traces(1))).isInstanceOf(ShuttingDownException.class);
        assertThatThrownBy(() -> new WritePath(log, List.of(), List.of(), 0, NO_PERIODIC_CHECKPOINT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }

    @Test
    void logFailureCompletesTheBatchExceptionallyAndReleasesItsBytes() throws Exception {
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(), 1 << 20);
        log.close(); // every append now fails

        CompletableFuture<Receipt> f = submit(wp, traces(1));
        assertThatThrownBy(() -> await(f)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(sync.applied()).isEmpty();
        assertThat(wp.queuedBytes()).isZero();
    }

    @Test
    void recoverReplaysRecordsAfterTheCheckpointIntoEveryStoreOnce() throws Exception {
        List<Message> batches = List.of(traces(0), traces(1), traces(2), logs("after the checkpoint"), traces(4));
        for (Message b : batches) {
            Signal s = b instanceof ExportLogsServiceRequest ? Signal.LOGS : Signal.TRACES;
            log.append(s.code(), b.toByteArray());
        }
        List<Long> lsns = java.util.Arrays.stream(log.sync()).boxed().toList();
        log.writeCheckpoint(lsns.get(1));

        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        RecordingApplier logsStore = new RecordingApplier(Signal.LOGS);
        WritePath wp = new WritePath(log, List.of(sync), List.of(async, logsStore), 1 << 20, NO_PERIODIC_CHECKPOINT);
        assertThat(wp.recover()).isEqualTo(3);

        List<RecordingApplier.Applied> expectedTraces = List.of(
                new RecordingApplier.Applied(lsns.get(2), Signal.TRACES, batches.get(2)),
                new RecordingApplier.Applied(lsns.get(4), Signal.TRACES, batches.get(4)));
        assertThat(sync.applied()).isEqualTo(expectedTraces);
        assertThat(async.applied()).isEqualTo(expectedTraces);
        assertThat(logsStore.applied())
                .containsExactly(new RecordingApplier.Applied(lsns.get(3), Signal.LOGS, batches.get(3)));
        long last = lsns.get(4);
        assertThat(sync.commits()).containsExactly(last);
        assertThat(async.commits()).containsExactly(last);
        assertThat(log.readCheckpoint()).isEqualTo(last);
        assertThat(wp.lastCheckpoint()).isEqualTo(last);

        // Everything is checkpointed: neither this write path nor a fresh one replays anything again.
        assertThat(wp.recover()).isZero();
        RecordingApplier fresh = new RecordingApplier(Signal.TRACES, Signal.LOGS);
        WritePath again = new WritePath(log, List.of(fresh), List.of(), 1 << 20, NO_PERIODIC_CHECKPOINT);
        assertThat(again.recover()).isZero();
        assertThat(fresh.applied()).isEmpty();
        assertThat(sync.applied()).hasSize(2);
    }

    @Test
    void recoverThenLiveWritesContinueAfterReplayedLsns() throws Exception {
        log.append(Signal.TRACES.code(), traces(1).toByteArray());
        long replayed = log.sync()[0];
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(async), 1 << 20);
        assertThat(sync.lsns()).containsExactly(replayed);

        long live = await(submit(wp, traces(2)));
        assertThat(live).isGreaterThan(replayed);
        assertThat(async.awaitApplied(2)).extracting(RecordingApplier.Applied::lsn).containsExactly(replayed, live);
        wp.close();
        assertThat(log.readCheckpoint()).isEqualTo(live);
    }

    @Test
    void checkpointWithNothingWrittenReturnsAndInventsNoLsn() throws Exception {
        WritePath wp = startedPath(List.of(), List.of(new RecordingApplier(Signal.TRACES)), 1024);
        wp.checkpoint();
        assertThat(wp.lastCheckpoint()).isEqualTo(RecordLog.NONE);
        assertThat(log.readCheckpoint()).isEqualTo(RecordLog.NONE);
    }

    /** A synchronous store that refuses part of every trace record, as the metric store refuses too-old points. */
    static final class RefusingApplier implements Applier {
        private final String name;

        RefusingApplier(String name) {
            this.name = name;
        }

        @Override
        public boolean accepts(Signal signal) {
            return signal == Signal.TRACES;
        }

        @Override
        public void apply(long lsn, Signal signal, Object batch) {
            applyAndReport(lsn, signal, batch);
        }

        @Override
        public Rejections applyAndReport(long lsn, Signal signal, Object batch) {
            return new Rejections(1, name + " refused part of " + lsn);
        }

        @Override
        public void commit(long throughLsn) {
        }
    }

    @Test
    void theReceiptCarriesWhatTheSynchronousStoresRejectedOfThatRecord() throws Exception {
        RecordingApplier plain = new RecordingApplier(Signal.TRACES, Signal.LOGS);
        WritePath wp = startedPath(List.of(plain, new RefusingApplier("first"), new RefusingApplier("second")),
                List.of(new RefusingApplier("async")), 1 << 20);

        Receipt traces = submit(wp, traces(1)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        long lsn = traces.lsn();
        assertThat(traces.rejections()).as("both synchronous refusals, none of the asynchronous store's")
                .isEqualTo(new Rejections(2, "first refused part of " + lsn + "; second refused part of " + lsn));
        Receipt logs = submit(wp, logs("no store refuses logs")).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(logs.rejections()).isEqualTo(Rejections.NONE);
        assertThat(plain.lsns()).containsExactly(lsn, logs.lsn());
    }

    @Test
    void batchesQueuedWhileTheWriterIsBusyShareOneSync() throws Exception {
        CountDownLatch gate = gate();
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(), 64L << 20);
        CompletableFuture<Receipt> warm = submit(wp, traces(-1));
        await(warm);
        log.holdSyncs(gate);

        CompletableFuture<Receipt> first = submit(wp, traces(0));
        assertThat(log.awaitSyncEntered()).as("the writer is inside the first group's sync").isTrue();
        int syncsBefore = log.syncs();
        List<CompletableFuture<Receipt>> queued = new ArrayList<>();
        for (int i = 1; i <= 50; i++) {
            queued.add(submit(wp, traces(i)));
        }
        gate.countDown();
        long firstLsn = await(first);
        List<Long> lsns = new ArrayList<>();
        for (CompletableFuture<Receipt> f : queued) {
            lsns.add(await(f));
        }
        assertThat(syncsBefore).as("the warm-up's sync").isEqualTo(1);
        assertThat(log.syncs() - syncsBefore).as("the first's sync, then one for the 50 batches queued meanwhile")
                .isEqualTo(2);
        assertThat(lsns).isSorted().doesNotHaveDuplicates().allSatisfy(l -> assertThat(l).isGreaterThan(firstLsn));
        assertThat(sync.lsns()).containsExactlyElementsOf(java.util.stream.Stream.concat(
                java.util.stream.Stream.of(await(warm), firstLsn), lsns.stream()).toList());
    }

    @Test
    void theWriterSyncsTheNextGroupsWhileTheSynchronousStoresApplyThePreviousOne() throws Exception {
        CountDownLatch gate = gate();
        RecordingApplier sync = new RecordingApplier(Signal.TRACES).holdOn(gate);
        WritePath wp = startedPath(List.of(sync), List.of(), 64L << 20);

        CompletableFuture<Receipt> first = submit(wp, traces(0));
        assertThat(sync.awaitEntered()).as("the first group is synced and being applied").isTrue();
        List<CompletableFuture<Receipt>> later = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            later.add(submit(wp, traces(i)));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (log.events().stream().filter(e -> e.startsWith("synced ")).count() < 21 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(log.events().stream().filter(e -> e.startsWith("synced "))).as("all durable meanwhile").hasSize(21);
        assertThat(later).as("none acknowledged before the stores have it").noneMatch(CompletableFuture::isDone);
        assertThat(first).isNotDone();

        gate.countDown();
        long firstLsn = await(first);
        List<Long> lsns = new ArrayList<>();
        for (CompletableFuture<Receipt> f : later) {
            lsns.add(await(f));
        }
        assertThat(sync.lsns()).as("applied in LSN order").containsExactlyElementsOf(
                java.util.stream.Stream.concat(java.util.stream.Stream.of(firstLsn), lsns.stream()).toList());
    }

    @Test
    void aRecordReachesTheStoresOnlyAfterItsSyncAndIsAcknowledgedOnlyAfterTheSynchronousStoresHaveIt()
            throws Exception {
        List<String> events = log.events;
        Applier syncStore = new EventApplier(events, "sync store ");
        Applier asyncStore = new EventApplier(events, "async store ");
        WritePath wp = startedPath(List.of(syncStore), List.of(asyncStore), 1 << 20);

        List<CompletableFuture<Receipt>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CompletableFuture<Receipt> f = submit(wp, traces(i));
            f.thenAccept(r -> events.add("ack " + r.lsn()));
            futures.add(f);
        }
        List<Long> lsns = new ArrayList<>();
        for (CompletableFuture<Receipt> f : futures) {
            lsns.add(await(f));
        }
        awaitTrue("the async store to take every record",
                () -> log.events().stream().filter(e -> e.startsWith("async store ")).count() == 20);
        List<String> seen = log.events();
        for (long lsn : lsns) {
            int synced = seen.indexOf("synced " + lsn);
            assertThat(synced).as("record %d synced", lsn).isNotNegative();
            assertThat(seen.indexOf("sync store " + lsn)).as("record %d applied after its sync", lsn)
                    .isGreaterThan(synced);
            assertThat(seen.indexOf("async store " + lsn)).as("record %d indexed after its sync", lsn)
                    .isGreaterThan(synced);
            awaitTrue("the ack of " + lsn, () -> log.events().contains("ack " + lsn));
            assertThat(log.events().indexOf("ack " + lsn)).as("record %d acknowledged after it was applied", lsn)
                    .isGreaterThan(seen.indexOf("sync store " + lsn));
        }
    }

    /** Appends "{@code prefix}LSN" to a shared event list on every apply. */
    private record EventApplier(List<String> events, String prefix) implements Applier {
        @Override
        public boolean accepts(Signal signal) {
            return true;
        }

        @Override
        public void apply(long lsn, Signal signal, Object batch) {
            events.add(prefix + lsn);
        }

        @Override
        public void commit(long throughLsn) {
        }
    }

    @Test
    void aFailedSyncFailsItsGroupAndThoseRecordsAreNeverReplayed() throws Exception {
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(), 1 << 20);

        log.failNextSync();
        CompletableFuture<Receipt> failed = submit(wp, traces(1));
        assertThatThrownBy(() -> await(failed)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class).hasMessageContaining("test: sync failed");
        awaitTrue("the failed batch's bytes to be released", () -> wp.queuedBytes() == 0);
        assertThat(sync.applied()).isEmpty();
        assertThat(log.events()).containsExactly("append", "discard");

        ExportTraceServiceRequest later = traces(2);
        long lsn = await(submit(wp, later));
        assertThat(sync.applied()).containsExactly(new RecordingApplier.Applied(lsn, Signal.TRACES, later));
        assertThat(logRecords(RecordLog.NONE)).extracting(RecordLog.Entry::lsn).containsExactly(lsn);
        RecordLog restarted = openAnother(log.inner);
        logs.add(restarted);
        List<RecordLog.Entry> replayed = new ArrayList<>();
        restarted.replay(RecordLog.NONE, replayed::add);
        assertThat(replayed).extracting(RecordLog.Entry::lsn).containsExactly(lsn);
        assertThat(Signal.TRACES.parse(replayed.getFirst().payload())).isEqualTo(later);
    }

    @Test
    void aCheckpointRecordsWhatEveryStoreCommittedThenLetsTheLogGoOfIt() throws Exception {
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(async), 1 << 20);
        await(submit(wp, traces(1)));
        long last = await(submit(wp, traces(2)));
        async.awaitApplied(2);

        wp.checkpoint();
        assertThat(log.events().stream().filter(e -> e.startsWith("checkpoint") || e.startsWith("delete")))
                .as("the checkpoint is durable before anything it covers is let go")
                .containsExactly("checkpoint " + last, "delete through " + last);
        assertThat(log.readCheckpoint()).isEqualTo(last);
        assertThat(logRecords(last)).isEmpty();
        assertThat(sync.commits()).containsExactly(last);
        assertThat(async.commits()).containsExactly(last);

        wp.checkpoint();
        assertThat(log.events().stream().filter(e -> e.startsWith("checkpoint"))).as("nothing new: no second checkpoint")
                .hasSize(1);
    }

    @Test
    void aRestartReplaysOnlyWhatTheLastCheckpointDoesNotCover() throws Exception {
        RecordingApplier sync = new RecordingApplier(Signal.TRACES);
        RecordingApplier async = new RecordingApplier(Signal.TRACES);
        WritePath wp = startedPath(List.of(sync), List.of(async), 1 << 20);
        long covered = await(submit(wp, traces(1)));
        async.awaitApplied(1);
        wp.checkpoint();
        assertThat(log.readCheckpoint()).isEqualTo(covered);
        ExportTraceServiceRequest notCovered = traces(2);
        long after = await(submit(wp, notCovered));

        // A process starting now, as after a crash (no clean close), finds one record past the checkpoint.
        RecordLog restarted = openAnother(log.inner);
        logs.add(restarted);
        RecordingApplier fresh = new RecordingApplier(Signal.TRACES);
        WritePath again = new WritePath(restarted, List.of(fresh), List.of(), 1 << 20, NO_PERIODIC_CHECKPOINT);
        assertThat(again.recover()).isEqualTo(1);
        assertThat(fresh.applied()).containsExactly(new RecordingApplier.Applied(after, Signal.TRACES, notCovered));
        assertThat(fresh.commits()).containsExactly(after);
        assertThat(restarted.readCheckpoint()).isEqualTo(after);
    }
}
