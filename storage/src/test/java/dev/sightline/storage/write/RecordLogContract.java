package dev.sightline.storage.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the write path relies on from a {@link RecordLog}, run against every implementation: the WAL and the
 * in-memory log (see {@link RecordLogTest}). Nothing here depends on how LSNs are spaced.
 */
abstract class RecordLogContract {
    private final List<RecordLog> opened = new ArrayList<>();
    RecordLog log;

    /** A new, empty log. */
    abstract RecordLog open() throws IOException;

    /** Another instance over what {@code log} made durable, as a process starting after a crash would find it. */
    abstract RecordLog openAnother(RecordLog log) throws IOException;

    @BeforeEach
    void openLog() throws IOException {
        log = track(open());
    }

    @AfterEach
    void closeLogs() throws IOException {
        for (RecordLog l : opened) {
            l.close();
        }
    }

    RecordLog track(RecordLog l) {
        opened.add(l);
        return l;
    }

    record Rec(long lsn, byte type, ByteString payload) {
        static Rec of(RecordLog.Entry e) {
            return new Rec(e.lsn(), e.type(), ByteString.copyFrom(e.payload()));
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static List<Rec> replay(RecordLog l, long afterLsn) throws IOException {
        List<Rec> out = new ArrayList<>();
        l.replay(afterLsn, e -> out.add(Rec.of(e)));
        return out;
    }

    private static Rec rec(long lsn, int type, String payload) {
        return new Rec(lsn, (byte) type, ByteString.copyFromUtf8(payload));
    }

    @Test
    void syncReturnsTheLsnsOfWhatWasAppendedSinceTheLastSyncInOrder() throws IOException {
        log.append((byte) 1, bytes("a"));
        log.append((byte) 2, bytes("b"));
        log.append((byte) 3, bytes("c"));
        long[] first = log.sync();
        assertThat(first).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(first[0]).isGreaterThan(RecordLog.NONE);
        assertThat(log.sync()).as("nothing appended since").isEmpty();
        log.append((byte) 1, bytes("d"));
        long[] second = log.sync();
        assertThat(second).hasSize(1);
        assertThat(second[0]).isGreaterThan(first[2]);
        assertThat(replay(log, RecordLog.NONE)).containsExactly(rec(first[0], 1, "a"), rec(first[1], 2, "b"),
                rec(first[2], 3, "c"), rec(second[0], 1, "d"));
    }

    @Test
    void replayYieldsSyncedRecordsAfterTheGivenLsnAndNothingUnsynced() throws IOException {
        log.append((byte) 1, bytes("one"));
        log.append((byte) 2, bytes("two"));
        long[] lsns = log.sync();
        log.append((byte) 3, bytes("not synced"));
        assertThat(replay(log, RecordLog.NONE)).containsExactly(rec(lsns[0], 1, "one"), rec(lsns[1], 2, "two"));
        assertThat(replay(log, lsns[0])).containsExactly(rec(lsns[1], 2, "two"));
        assertThat(replay(log, lsns[1])).isEmpty();
    }

    @Test
    void discardedAppendsAreNeverReplayedAndLaterLsnsStillIncrease() throws IOException {
        log.append((byte) 1, bytes("kept"));
        long kept = log.sync()[0];
        log.append((byte) 1, bytes("dropped"));
        log.append((byte) 1, bytes("dropped too"));
        log.discardUnsynced();
        log.append((byte) 2, bytes("after"));
        long after = log.sync()[0];
        assertThat(after).isGreaterThan(kept);
        List<Rec> expected = List.of(rec(kept, 1, "kept"), rec(after, 2, "after"));
        assertThat(replay(log, RecordLog.NONE)).isEqualTo(expected);
        assertThat(replay(track(openAnother(log)), RecordLog.NONE)).isEqualTo(expected);
    }

    @Test
    void aRestartFindsTheSyncedRecordsAndTheCheckpointButNoUnsyncedAppend() throws IOException {
        assertThat(log.readCheckpoint()).isEqualTo(RecordLog.NONE);
        log.append((byte) 1, bytes("synced"));
        long lsn = log.sync()[0];
        log.writeCheckpoint(lsn);
        log.append((byte) 1, bytes("appended only"));

        RecordLog restarted = track(openAnother(log));
        assertThat(restarted.readCheckpoint()).isEqualTo(lsn);
        assertThat(replay(restarted, RecordLog.NONE)).containsExactly(rec(lsn, 1, "synced"));
        assertThat(replay(restarted, lsn)).isEmpty();
    }

    @Test
    void deleteThroughKeepsEveryRecordAfterIt() throws IOException {
        List<Long> lsns = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            log.append((byte) 1, bytes("record " + i));
            lsns.add(log.sync()[0]);
        }
        long through = lsns.get(7);
        log.writeCheckpoint(through);
        log.deleteThrough(through);
        List<Rec> rest = replay(log, RecordLog.NONE);
        List<Long> restLsns = rest.stream().map(Rec::lsn).toList();
        assertThat(restLsns).as("whatever is kept, all after the deleted LSN are").endsWith(lsns.get(8), lsns.get(9),
                lsns.get(10), lsns.get(11));
        assertThat(replay(log, through)).extracting(Rec::lsn).containsExactlyElementsOf(lsns.subList(8, 12));
        assertThat(replay(track(openAnother(log)), through)).extracting(Rec::lsn)
                .containsExactlyElementsOf(lsns.subList(8, 12));
    }

    @Test
    void aClosedLogRefusesEverythingAndClosesIdempotently() throws IOException {
        log.append((byte) 1, bytes("closing syncs"));
        log.close();
        assertThatThrownBy(() -> log.append((byte) 1, bytes("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(log::sync).isInstanceOf(IOException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> replay(log, RecordLog.NONE)).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        log.close();
        assertThat(replay(track(openAnother(log)), RecordLog.NONE)).extracting(Rec::payload)
                .containsExactly(ByteString.copyFromUtf8("closing syncs"));
    }
}
