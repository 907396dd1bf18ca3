package dev.sightline.storage.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Message;
import dev.sightline.storage.model.Days;
import dev.sightline.storage.model.Signal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of {@link Applier} (its Javadoc), one abstract test run against every store that applies records:
 * the trace store, the span index, the log store, the metric store and span metrics. Each subclass says how to
 * open its store, what a record of its signal looks like, and how to read back, canonically, everything the store
 * holds; the contract then checks what the write path and replay rely on:
 * <ul>
 *   <li>applying a record twice leaves the store as applying it once (a replay, or a Kafka redelivery);
 *   <li>what was committed survives a close and a reopen, and replaying the whole log over it adds nothing twice;
 *   <li>{@code dropBefore(day)} removes whole days, keeps the rest exactly, and stays done after a reopen.
 * </ul>
 * Every expectation is a second store of the same kind fed the records once, so no test hard-codes a store's
 * answer. Records get increasing LSNs with gaps (the WAL's are byte offsets) and items spread over whole UTC days.
 * Seeded: {@code -Dtest.seed=N} reproduces a run.
 */
public abstract class ApplierContract<S extends Applier & AutoCloseable> {
    private static final long DAY_NANOS = 86_400_000_000_000L;
    /** The first day the records fall on: 2024-03-01T00:00:00Z. */
    protected static final long FIRST_DAY = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

    @TempDir
    protected Path tmp;

    private final List<S> opened = new ArrayList<>();
    private Random random;
    private int stores;

    /** Opens (or reopens) the store kept in {@code dir}. */
    protected abstract S open(Path dir) throws IOException;

    /** The signal whose records this store applies. */
    protected abstract Signal signal();

    /**
     * Record number {@code n} (distinct {@code n}, distinct items), its items timed at {@code timeNanos} (for stores
     * whose items carry a time).
     */
    protected abstract Message record(int n, long timeNanos, Random random);

    /**
     * Everything the store holds, one line per item, sorted, so that a missing, changed or duplicated item shows.
     * Asynchronous stores make what was applied visible first (a refresh).
     */
    protected abstract List<String> contents(S store) throws IOException;

    /**
     * Drops every day before {@code day} (yyyyMMdd), as retention does; returns false when the store keeps no days
     * (its retention tests are then skipped, saying so).
     */
    protected boolean dropBefore(S store, String day) throws IOException {
        return false;
    }

    /**
     * Whether records of a dropped day that arrive afterwards are ignored. The metric store takes them and drops
     * them at its next retention run, so it says no.
     */
    protected boolean ignoresDroppedDays() {
        return true;
    }

    @BeforeEach
    void seed(TestInfo test) {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println(getClass().getSimpleName() + "." + test.getDisplayName() + " seed " + seed
                + " (rerun with -Dtest.seed=" + seed + ")");
        random = new Random(seed);
    }

    /** Closes every store the test opened (closing is idempotent, so a store closed by the test is fine). */
    @AfterEach
    void closeStores() throws Exception {
        for (S s : opened) {
            s.close();
        }
    }

    /** A record of this contract's signal at a log position. */
    protected record Entry(long lsn, Message batch, long timeNanos) {
        String day() {
            return Days.of(timeNanos);
        }
    }

    @Test
    protected void applyingEachRecordTwiceIsApplyingItOnce() throws IOException {
        List<Entry> entries = entries(12, 2);
        S once = fed(entries);
        S twice = fresh();
        for (Entry e : entries) {
            apply(twice, e);
            apply(twice, e);
        }
        List<String> expected = contents(once);
        assertThat(expected).as("every record shows in the store").hasSizeGreaterThanOrEqualTo(entries.size());
        assertThat(contents(twice)).isEqualTo(expected);
    }

    @Test
    protected void replayingTheWholeLogAfterACommitAddsNothing() throws IOException {
        List<Entry> entries = entries(12, 2);
        S store = fed(entries);
        store.commit(entries.getLast().lsn());
        List<String> before = contents(store);
        for (Entry e : entries) {
            apply(store, e);
        }
        assertThat(contents(store)).isEqualTo(before);
    }

    @Test
    protected void reopenKeepsWhatWasCommittedAndReplaySkipsIt() throws Exception {
        List<Entry> entries = entries(12, 2);
        int committed = 4 + random.nextInt(5);
        Path dir = tmp.resolve("store-" + stores++);
        S store = track(open(dir));
        for (Entry e : entries) {
            apply(store, e);
            if (e == entries.get(committed - 1)) {
                store.commit(e.lsn());
            }
        }
        store.close(); // the records after the commit may or may not survive: the WAL still holds them

        S reopened = track(open(dir));
        assertThat(contents(reopened)).as("what was committed is there after a reopen")
                .containsAll(contents(fed(entries.subList(0, committed))));
        for (Entry e : entries) { // replay from before the checkpoint: the worst case
            apply(reopened, e);
        }
        assertThat(contents(reopened)).isEqualTo(contents(fed(entries)));
    }

    @Test
    protected void dropBeforeRemovesWholeDaysAndKeepsTheRest() throws Exception {
        List<Entry> entries = entries(15, 3);
        String keptFrom = Days.of(FIRST_DAY + DAY_NANOS);
        Path dir = tmp.resolve("store-" + stores++);
        S store = track(open(dir));
        for (Entry e : entries) {
            apply(store, e);
        }
        assumeTrue(dropBefore(store, keptFrom), getClass().getSimpleName() + ": the store keeps no days");
        List<Entry> kept = entries.stream().filter(e -> e.day().compareTo(keptFrom) >= 0).toList();
        assertThat(kept).as("records on the days kept").isNotEmpty().hasSizeLessThan(entries.size());
        List<String> expected = contents(fed(kept));
        assertThat(contents(store)).isEqualTo(expected);

        if (ignoresDroppedDays()) {
            long lsn = entries.getLast().lsn() + 1;
            apply(store, new Entry(lsn, record(1_000, FIRST_DAY + 60_000_000_000L, random), FIRST_DAY));
            assertThat(contents(store)).as("a record of a dropped day arriving later").isEqualTo(expected);
        }
        store.commit(entries.getLast().lsn() + 1);
        store.close();
        assertThat(contents(track(open(dir)))).as("after a reopen").isEqualTo(expected);
    }

    /**
     * {@code count} records with increasing LSNs (random gaps) whose items fall on {@code days} consecutive days
     * from {@link #FIRST_DAY}, every day used.
     */
    private List<Entry> entries(int count, int days) {
        List<Entry> out = new ArrayList<>();
        long lsn = random.nextInt(100);
        for (int n = 0; n < count; n++) {
            int day = n < days ? n : random.nextInt(days);
            long time = FIRST_DAY + day * DAY_NANOS + 1_000_000_000L * random.nextInt(86_000);
            out.add(new Entry(lsn, record(n, time, random), time));
            lsn += 1 + random.nextInt(1_000);
        }
        return out;
    }

    private void apply(S store, Entry e) throws IOException {
        assertThat(store.accepts(signal())).as("the store takes %s records", signal()).isTrue();
        store.apply(e.lsn(), signal(), e.batch());
    }

    /** A new store (own folder) that applied {@code entries} once each. */
    private S fed(List<Entry> entries) throws IOException {
        S store = fresh();
        for (Entry e : entries) {
            apply(store, e);
        }
        return store;
    }

    private S fresh() throws IOException {
        return track(open(tmp.resolve("store-" + stores++)));
    }

    private S track(S store) {
        opened.add(store);
        return store;
    }
}
