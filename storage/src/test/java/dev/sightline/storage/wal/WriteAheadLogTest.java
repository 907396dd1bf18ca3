package dev.sightline.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.sightline.storage.write.RecordLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WriteAheadLogTest {
    /** Large enough that no test below rolls over unless it means to. */
    private static final long BIG_SEGMENTS = 64L << 20;

    @TempDir
    Path dir;

    /** A replayed record with a payload that compares by content. */
    record Rec(long lsn, byte type, ByteString payload) {
        static Rec of(RecordLog.Entry r) {
            return new Rec(r.lsn(), r.type(), ByteString.copyFrom(r.payload()));
        }

        static Rec of(long lsn, byte type, byte[] payload) {
            return new Rec(lsn, type, ByteString.copyFrom(payload));
        }
    }

    /** Appends and returns the record's LSN: the log's end before the append. */
    private static long append(WriteAheadLog wal, byte type, byte[] payload) throws IOException {
        long lsn = wal.nextLsn();
        wal.append(type, payload);
        return lsn;
    }

    /** What the write path does at a checkpoint: write it, then delete the segments it makes unneeded. */
    private static void checkpoint(WriteAheadLog wal, long lsn) throws IOException {
        wal.writeCheckpoint(lsn);
        wal.deleteThrough(lsn);
    }

    private static List<Rec> replay(WriteAheadLog wal, long afterLsn) throws IOException {
        List<Rec> out = new ArrayList<>();
        wal.replay(afterLsn, r -> out.add(Rec.of(r)));
        return out;
    }

    private static List<Rec> replayAll(WriteAheadLog wal) throws IOException {
        return replay(wal, RecordLog.NONE);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(WalFormat.SEGMENT_SUFFIX)).sorted().toList();
        }
    }

    private static long baseOf(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - WalFormat.SEGMENT_SUFFIX.length()));
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a));
            b.rewind();
            ch.write(b, offset);
        }
    }

    private static void appendBytes(Path file, byte[] garbage) throws IOException {
        Files.write(file, garbage, StandardOpenOption.APPEND);
    }

    @Test
    void appendSyncReplayRoundTrip() throws IOException {
        Random random = new Random(42);
        byte[][] payloads = {
            new byte[0], bytes("a"), randomBytes(random, 1000), randomBytes(random, (1 << 20) + 12345), bytes("last")
        };
        byte[] types = {1, 2, 3, (byte) 0x7f, (byte) 0xff};
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(wal.nextLsn()).isEqualTo(WalFormat.HEADER_BYTES);
            List<Rec> expected = new ArrayList<>();
            long previous = Long.MIN_VALUE;
            for (int i = 0; i < payloads.length; i++) {
                long before = wal.nextLsn();
                long lsn = append(wal, types[i], payloads[i]);
                assertThat(lsn).as("LSN of record %d", i).isEqualTo(before).isGreaterThan(previous);
                assertThat(wal.nextLsn()).isEqualTo(lsn + WalFormat.FRAME_BYTES + payloads[i].length);
                previous = lsn;
                expected.add(Rec.of(lsn, types[i], payloads[i]));
            }
            wal.sync();
            assertThat(replayAll(wal)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void replaySkipsRecordsAtOrBeforeAfterLsn() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            List<Rec> all = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                byte[] p = bytes("record-" + i);
                all.add(Rec.of(append(wal, (byte) 1, p), (byte) 1, p));
            }
            wal.sync();
            assertThat(replay(wal, all.get(1).lsn())).containsExactlyElementsOf(all.subList(2, 5));
            assertThat(replay(wal, all.get(1).lsn() - 1)).containsExactlyElementsOf(all.subList(1, 5));
            assertThat(replay(wal, all.get(4).lsn())).isEmpty();
            assertThat(replay(wal, Long.MIN_VALUE)).containsExactlyElementsOf(all);
        }
    }

    @Test
    void replayAcrossSegmentsSkipsWholeSegmentsAndKeepsOrder() throws IOException {
        List<Rec> all = new ArrayList<>();
        // 20 + 2 * 25 bytes >= 60: a new segment after every second record.
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 60)) {
            for (int i = 0; i < 9; i++) {
                byte[] p = bytes("segment-record-" + i);
                all.add(Rec.of(append(wal, (byte) 2, p), (byte) 2, p));
                if (i % 2 == 1) {
                    wal.sync();
                }
            }
            wal.sync();
            assertThat(wal.segmentCount()).isEqualTo(5);
            for (int i = 0; i < all.size(); i++) {
                assertThat(replay(wal, all.get(i).lsn())).as("after record %d", i)
                        .containsExactlyElementsOf(all.subList(i + 1, all.size()));
            }
        }
    }

    @Test
    void reopenAfterCloseKeepsRecordsAndContinuesLsns() throws IOException {
        List<Rec> expected = new ArrayList<>();
        long next;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            for (int i = 0; i < 3; i++) {
                byte[] p = bytes("synced-" + i);
                expected.add(Rec.of(append(wal, (byte) 1, p), (byte) 1, p));
            }
            wal.sync();
            byte[] p = bytes("appended, not synced: close syncs it");
            expected.add(Rec.of(append(wal, (byte) 3, p), (byte) 3, p));
            next = wal.nextLsn();
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(replayAll(wal)).containsExactlyElementsOf(expected);
            assertThat(wal.nextLsn()).isEqualTo(next);
            byte[] p = bytes("after reopen");
            long lsn = append(wal, (byte) 2, p);
            assertThat(lsn).isEqualTo(next);
            wal.sync();
            expected.add(Rec.of(lsn, (byte) 2, p));
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(replayAll(wal)).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void closeIsIdempotentAndClosedLogRefusesWork() throws IOException {
        WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS);
        wal.close();
        wal.close();
        assertThatThrownBy(() -> wal.append((byte) 1, bytes("x"))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> replayAll(wal)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    enum TornTail {
        /** Bytes of a record that never finished: fewer than a frame header. */
        SHORT_FRAME_APPENDED,
        /** A frame header whose length runs past the end of the file. */
        GARBAGE_APPENDED,
        /** The last record cut half-way through its payload. */
        LAST_RECORD_TRUNCATED,
        /** The last record cut inside its frame header. */
        LAST_RECORD_HEADER_TRUNCATED,
        /** A byte of the last record's payload changed: checksum mismatch. */
        LAST_RECORD_PAYLOAD_FLIPPED
    }

    @ParameterizedTest
    @EnumSource(TornTail.class)
    void tornTailOfLastSegmentIsCutOffOnOpen(TornTail damage) throws IOException {
        List<Rec> written = new ArrayList<>();
        long end;
        // Small segments so the damaged file is not the first one: the tail rule is about the last segment.
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 200)) {
            for (int i = 0; i < 6; i++) {
                byte[] p = bytes("record number " + i + " with some payload");
                written.add(Rec.of(append(wal, (byte) 1, p), (byte) 1, p));
                wal.sync();
            }
            // The last segment holds records; sync after this one would roll over, so write it unsynced: close syncs.
            byte[] p = bytes("the record that gets damaged, with a payload of some length");
            written.add(Rec.of(append(wal, (byte) 2, p), (byte) 2, p));
            end = wal.nextLsn();
            assertThat(wal.segmentCount()).isGreaterThan(1);
        }
        List<Path> segments = segmentFiles();
        Path last = segments.getLast();
        long base = baseOf(last);
        Rec victim = written.getLast();
        assertThat(victim.lsn()).as("the damaged record is in the last segment").isGreaterThan(base);
        long victimOffset = victim.lsn() - base;
        assertThat(Files.size(last)).isEqualTo(end - base);

        List<Rec> survivors = new ArrayList<>(written.subList(0, written.size() - 1));
        long cutAt = victimOffset;
        switch (damage) {
            case SHORT_FRAME_APPENDED -> {
                appendBytes(last, new byte[] {0, 0, 1});
                survivors.add(victim);
                cutAt = end - base;
            }
            case GARBAGE_APPENDED -> {
                appendBytes(last, new byte[] {0, 0, 0x10, 0, 1, 2, 3, 4, 1, 9, 9, 9});
                survivors.add(victim);
                cutAt = end - base;
            }
            case LAST_RECORD_TRUNCATED -> truncate(last, victimOffset + WalFormat.FRAME_BYTES + victim.payload().size() / 2);
            case LAST_RECORD_HEADER_TRUNCATED -> truncate(last, victimOffset + 4);
            case LAST_RECORD_PAYLOAD_FLIPPED -> flipByte(last, victimOffset + WalFormat.FRAME_BYTES + 7);
        }

        try (WriteAheadLog wal = WriteAheadLog.open(dir, 200)) {
            assertThat(Files.size(last)).as("file cut at the first bad record").isEqualTo(cutAt);
            assertThat(wal.nextLsn()).isEqualTo(base + cutAt);
            assertThat(replayAll(wal)).containsExactlyElementsOf(survivors);
            byte[] p = bytes("appended after repair");
            long lsn = append(wal, (byte) 3, p);
            assertThat(lsn).isEqualTo(base + cutAt);
            wal.sync();
            survivors.add(Rec.of(lsn, (byte) 3, p));
            assertThat(replayAll(wal)).containsExactlyElementsOf(survivors);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 200)) {
            assertThat(replayAll(wal)).containsExactlyElementsOf(survivors);
        }
    }

    /** Writes records into segments of one or two records each; every segment but the last is full. */
    private List<Rec> writeSmallSegments(long segmentBytes, int records) throws IOException {
        List<Rec> written = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, segmentBytes)) {
            for (int i = 0; i < records; i++) {
                byte[] p = bytes("payload " + i);
                written.add(Rec.of(append(wal, (byte) 1, p), (byte) 1, p));
                wal.sync();
            }
        }
        return written;
    }

    enum EarlyDamage {
        PAYLOAD_FLIPPED,
        RECORD_TRUNCATED,
        GARBAGE_APPENDED,
        HEADER_FLIPPED,
        HEADER_TRUNCATED
    }

    @ParameterizedTest
    @EnumSource(EarlyDamage.class)
    void damageInAnEarlierSegmentFailsOpenNamingFileAndOffset(EarlyDamage damage) throws IOException {
        // Segments of 30 bytes: each synced record (9 + 9 payload bytes after the 20-byte header) fills one.
        writeSmallSegments(30, 4);
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSize(5);
        Path victim = segments.get(1);
        long size = Files.size(victim);
        long expectedOffset = WalFormat.HEADER_BYTES;
        switch (damage) {
            case PAYLOAD_FLIPPED -> flipByte(victim, WalFormat.HEADER_BYTES + WalFormat.FRAME_BYTES + 2);
            case RECORD_TRUNCATED -> truncate(victim, size - 3);
            case GARBAGE_APPENDED -> {
                appendBytes(victim, new byte[] {0, 0, 0, 5, 1});
                expectedOffset = size;
            }
            case HEADER_FLIPPED -> {
                flipByte(victim, 2);
                expectedOffset = 0;
            }
            case HEADER_TRUNCATED -> {
                truncate(victim, 11);
                expectedOffset = 0;
            }
        }
        long damagedSize = Files.size(victim);

        long offset = expectedOffset;
        assertThatThrownBy(() -> WriteAheadLog.open(dir, 30))
                .isInstanceOfSatisfying(CorruptWalException.class, e -> {
                    assertThat(e.file()).isEqualTo(victim);
                    assertThat(e.offset()).isEqualTo(offset);
                })
                .hasMessageContaining(victim.getFileName().toString())
                .hasMessageContaining("offset " + offset);
        assertThat(segmentFiles()).as("nothing is repaired or deleted").isEqualTo(segments);
        assertThat(Files.size(victim)).isEqualTo(damagedSize);
    }

    @Test
    void earlierSegmentMissingItsLastRecordFailsOpen() throws IOException {
        // Two records per segment: 20 + 2 * 18 = 56 bytes >= 50 rolls over after the second sync.
        List<Rec> written = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 50)) {
            for (int i = 0; i < 6; i++) {
                byte[] p = bytes("payload " + i);
                written.add(Rec.of(append(wal, (byte) 1, p), (byte) 1, p));
                if (i % 2 == 1) {
                    wal.sync();
                }
            }
        }
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSize(4);
        Path victim = segments.get(1);
        // Cut exactly at a frame boundary: every remaining frame is valid, but a synced record is gone.
        long cut = written.get(3).lsn() - baseOf(victim);
        truncate(victim, cut);

        assertThatThrownBy(() -> WriteAheadLog.open(dir, 50))
                .isInstanceOfSatisfying(CorruptWalException.class, e -> {
                    assertThat(e.file()).isEqualTo(victim);
                    assertThat(e.offset()).isEqualTo(cut);
                });
    }

    @Test
    void lastSegmentWithDamagedHeaderButRecordsIsCorruptionNotATornHeader() throws IOException {
        List<Rec> written = writeSmallSegments(BIG_SEGMENTS, 3);
        Path only = segmentFiles().getFirst();
        long size = Files.size(only);
        flipByte(only, 13); // inside the base LSN

        assertThatThrownBy(() -> WriteAheadLog.open(dir, BIG_SEGMENTS))
                .isInstanceOfSatisfying(CorruptWalException.class, e -> {
                    assertThat(e.file()).isEqualTo(only);
                    assertThat(e.offset()).isZero();
                });
        assertThat(Files.size(only)).as("synced records are not thrown away").isEqualTo(size);
        assertThat(written).hasSize(3);
    }

    @Test
    void segmentRollsOverAfterSyncOnceFull() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1000)) {
            byte[] p = new byte[600];
            long first = append(wal, (byte) 1, p);
            wal.sync();
            assertThat(wal.segmentCount()).isEqualTo(1);

            long second = append(wal, (byte) 1, p);
            long end = wal.nextLsn();
            assertThat(end).isGreaterThan(1000);
            assertThat(wal.segmentCount()).as("no rollover before sync").isEqualTo(1);
            wal.sync();
            assertThat(wal.segmentCount()).isEqualTo(2);
            assertThat(segmentFiles()).extracting(WriteAheadLogTest::baseOf).containsExactly(0L, end);
            assertThat(wal.nextLsn()).isEqualTo(end + WalFormat.HEADER_BYTES);

            // A record larger than a whole segment stays in one piece in the current segment.
            byte[] big = new byte[5000];
            big[4999] = 7;
            long third = append(wal, (byte) 3, big);
            assertThat(third).isEqualTo(end + WalFormat.HEADER_BYTES);
            wal.sync();
            assertThat(wal.segmentCount()).isEqualTo(3);
            assertThat(replayAll(wal)).containsExactly(
                    Rec.of(first, (byte) 1, p), Rec.of(second, (byte) 1, p), Rec.of(third, (byte) 3, big));
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1000)) {
            assertThat(wal.segmentCount()).isEqualTo(3);
            assertThat(replayAll(wal)).hasSize(3);
        }
    }

    @Test
    void checkpointDeletesOnlySegmentsWhoseRecordsAreAllCovered() throws IOException {
        // Two 59-byte frames per segment: 20 + 59 < 100, 20 + 118 >= 100.
        List<Rec> all = new ArrayList<>();
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 100)) {
            for (int i = 0; i < 6; i++) {
                byte[] p = new byte[50];
                p[0] = (byte) i;
                all.add(Rec.of(append(wal, (byte) 1, p), (byte) 1, p));
                wal.sync();
            }
            List<Path> segments = segmentFiles();
            assertThat(segments).hasSize(4); // [r0 r1] [r2 r3] [r4 r5] [] (current)
            assertThat(wal.segmentCount()).isEqualTo(4);

            // r1 (in the first segment) is after the checkpoint: nothing may go.
            checkpoint(wal, all.get(1).lsn() - 1);
            assertThat(segmentFiles()).isEqualTo(segments);

            // Every record of the first segment is covered once the checkpoint reaches into the second.
            checkpoint(wal, all.get(2).lsn());
            assertThat(segmentFiles()).isEqualTo(segments.subList(1, 4));
            assertThat(wal.segmentCount()).isEqualTo(3);
            assertThat(replay(wal, all.get(2).lsn())).containsExactlyElementsOf(all.subList(3, 6));

            // Past every record: only the current segment is left.
            checkpoint(wal, wal.nextLsn());
            assertThat(segmentFiles()).containsExactly(segments.get(3));
            assertThat(wal.readCheckpoint()).isEqualTo(wal.nextLsn());

            // The current segment is never deleted, and the log keeps working.
            checkpoint(wal, wal.nextLsn() + 1_000_000);
            assertThat(segmentFiles()).containsExactly(segments.get(3));
            byte[] p = bytes("after truncation");
            long lsn = append(wal, (byte) 2, p);
            wal.sync();
            assertThat(replay(wal, all.get(5).lsn())).containsExactly(Rec.of(lsn, (byte) 2, p));
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 100)) {
            assertThat(replay(wal, all.get(5).lsn())).hasSize(1);
        }
    }

    @Test
    void checkpointOfASingleSegmentLogKeepsIt() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            long lsn = append(wal, (byte) 1, bytes("only"));
            wal.sync();
            checkpoint(wal, lsn);
            assertThat(wal.segmentCount()).isEqualTo(1);
            assertThat(segmentFiles()).hasSize(1);
            assertThat(replay(wal, lsn)).isEmpty();
            assertThat(replayAll(wal)).hasSize(1);
        }
    }

    @Test
    void checkpointRoundTripsThroughReopen() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(wal.readCheckpoint()).isEqualTo(RecordLog.NONE);
            checkpoint(wal, 12345);
            assertThat(wal.readCheckpoint()).isEqualTo(12345);
            checkpoint(wal, 67890);
            assertThat(wal.readCheckpoint()).isEqualTo(67890);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(wal.readCheckpoint()).isEqualTo(67890);
        }
        assertThat(WalCheckpoint.read(dir)).isEqualTo(67890);
        assertThat(dir.resolve("checkpoint.tmp")).doesNotExist();
    }

    @Test
    void corruptCheckpointIsReportedAsCorruption() throws IOException {
        WalCheckpoint.write(dir, 99);
        flipByte(dir.resolve("checkpoint"), 10);
        assertThatThrownBy(() -> WalCheckpoint.read(dir))
                .isInstanceOfSatisfying(CorruptWalException.class,
                        e -> assertThat(e.file()).isEqualTo(dir.resolve("checkpoint")))
                .hasMessageContaining("checksum");
    }

    @Test
    void discardUnsyncedDropsWhatWasNotSynced() throws IOException {
        Random random = new Random(7);
        byte[] kept = bytes("synced");
        byte[] droppedSmall = bytes("not synced");
        byte[] droppedLarge = randomBytes(random, (1 << 20) + 100); // partly written to the file already
        byte[] after = bytes("after discard");
        long keptLsn;
        long afterLsn;
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            keptLsn = append(wal, (byte) 1, kept);
            wal.sync();
            long syncedEnd = wal.nextLsn();
            append(wal, (byte) 1, droppedSmall);
            append(wal, (byte) 1, droppedLarge);
            wal.discardUnsynced();
            assertThat(wal.nextLsn()).isEqualTo(syncedEnd);
            assertThat(Files.size(segmentFiles().getFirst())).isEqualTo(syncedEnd);
            assertThat(replayAll(wal)).containsExactly(Rec.of(keptLsn, (byte) 1, kept));

            afterLsn = append(wal, (byte) 2, after);
            assertThat(afterLsn).isEqualTo(syncedEnd);
            wal.sync();
            assertThat(replayAll(wal)).containsExactly(Rec.of(keptLsn, (byte) 1, kept), Rec.of(afterLsn, (byte) 2, after));
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(replayAll(wal)).containsExactly(Rec.of(keptLsn, (byte) 1, kept), Rec.of(afterLsn, (byte) 2, after));
        }
    }

    @Test
    void replayVisitsOnlySyncedRecords() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            byte[] a = bytes("synced");
            long lsn = append(wal, (byte) 1, a);
            wal.sync();
            append(wal, (byte) 1, bytes("appended only"));
            assertThat(replayAll(wal)).containsExactly(Rec.of(lsn, (byte) 1, a));
            wal.discardUnsynced();
            assertThat(replayAll(wal)).containsExactly(Rec.of(lsn, (byte) 1, a));
        }
    }

    @Test
    void onlySegmentWithTruncatedHeaderIsReplacedOnOpen() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(wal.segmentCount()).isEqualTo(1);
        }
        Path segment = segmentFiles().getFirst();
        truncate(segment, 9);
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(segmentFiles()).containsExactly(segment);
            assertThat(Files.size(segment)).isEqualTo(WalFormat.HEADER_BYTES);
            assertThat(replayAll(wal)).isEmpty();
            long lsn = append(wal, (byte) 1, bytes("first"));
            assertThat(lsn).isEqualTo(WalFormat.HEADER_BYTES);
            wal.sync();
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, BIG_SEGMENTS)) {
            assertThat(replayAll(wal)).hasSize(1);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"TRUNCATED", "ZEROED"})
    void lastSegmentWithTornHeaderIsRemovedOnOpen(TornHeader kind) throws IOException {
        List<Rec> written = writeSmallSegments(30, 3);
        List<Path> segments = segmentFiles();
        assertThat(segments).hasSize(4);
        Path last = segments.getLast();
        long base = baseOf(last);
        switch (kind) {
            case TRUNCATED -> truncate(last, 7);
            case ZEROED -> Files.write(last, new byte[WalFormat.HEADER_BYTES]); // size written, data never was
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 30)) {
            assertThat(replayAll(wal)).containsExactlyElementsOf(written);
            assertThat(segmentFiles()).isEqualTo(segments);
            assertThat(Files.size(last)).isEqualTo(WalFormat.HEADER_BYTES);
            assertThat(WalFormat.SEGMENT.decode(last, ByteBuffer.wrap(Files.readAllBytes(last))).value())
                    .isEqualTo(base);
            byte[] p = bytes("x");
            long lsn = append(wal, (byte) 1, p);
            assertThat(lsn).isEqualTo(base + WalFormat.HEADER_BYTES);
            wal.sync();
            written.add(Rec.of(lsn, (byte) 1, p));
        }
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 30)) {
            assertThat(replayAll(wal)).containsExactlyElementsOf(written);
        }
    }

    enum TornHeader {
        TRUNCATED,
        ZEROED
    }

    /**
     * Random appends (0..200 KB), syncs, discards, checkpoints, replays and reopens, checked against a list of
     * the records that must be there. Reproduce a failure with {@code -Dtest.seed=<seed>}.
     */
    @Test
    void randomizedAgainstReferenceModel() throws IOException {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("WriteAheadLogTest.randomizedAgainstReferenceModel seed: " + seed
                + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        long segmentBytes = 64 * 1024 + random.nextInt(512 * 1024);
        List<Rec> synced = new ArrayList<>();
        List<Rec> unsynced = new ArrayList<>();
        long floor = RecordLog.NONE; // the checkpoint: records at or before it may be gone
        WriteAheadLog wal = WriteAheadLog.open(dir, segmentBytes);
        try {
            long lastLsn = Long.MIN_VALUE;
            for (int step = 0; step < 250; step++) {
                int op = random.nextInt(100);
                String at = "step " + step + " (seed " + seed + ")";
                if (op < 60) {
                    int size = random.nextInt(10) == 0 ? random.nextInt(200 * 1024 + 1) : random.nextInt(2000);
                    byte type = (byte) (1 + random.nextInt(3));
                    byte[] p = randomBytes(random, size);
                    long expectedLsn = wal.nextLsn();
                    long lsn = append(wal, type, p);
                    assertThat(lsn).as(at).isEqualTo(expectedLsn).isGreaterThan(lastLsn);
                    lastLsn = lsn;
                    unsynced.add(Rec.of(lsn, type, p));
                } else if (op < 75) {
                    wal.sync();
                    synced.addAll(unsynced);
                    unsynced.clear();
                } else if (op < 80) {
                    wal.discardUnsynced();
                    if (!unsynced.isEmpty()) {
                        assertThat(wal.nextLsn()).as(at).isEqualTo(unsynced.getFirst().lsn());
                        lastLsn = synced.isEmpty() ? Long.MIN_VALUE : synced.getLast().lsn();
                    }
                    unsynced.clear();
                } else if (op < 85) {
                    if (!synced.isEmpty()) {
                        long cp = Math.max(floor, synced.get(random.nextInt(synced.size())).lsn());
                        checkpoint(wal, cp);
                        floor = cp;
                        assertThat(wal.readCheckpoint()).as(at).isEqualTo(cp);
                    }
                } else if (op < 93) {
                    long after = floor;
                    if (!synced.isEmpty() && random.nextBoolean()) {
                        after = Math.max(floor, synced.get(random.nextInt(synced.size())).lsn() - random.nextInt(2));
                    }
                    long a = after;
                    assertThat(replay(wal, a)).as(at + ": replay after " + a)
                            .containsExactlyElementsOf(synced.stream().filter(r -> r.lsn() > a).toList());
                } else {
                    if (random.nextBoolean()) {
                        wal.sync();
                    }
                    wal.close(); // close syncs, which may start a new segment
                    long next = wal.nextLsn();
                    synced.addAll(unsynced);
                    unsynced.clear();
                    wal = WriteAheadLog.open(dir, segmentBytes);
                    assertThat(wal.nextLsn()).as(at).isEqualTo(next);
                    assertThat(wal.readCheckpoint()).as(at).isEqualTo(floor);
                    long f = floor;
                    assertThat(replay(wal, f)).as(at + ": after reopen")
                            .containsExactlyElementsOf(synced.stream().filter(r -> r.lsn() > f).toList());
                }
            }
            wal.close();
            synced.addAll(unsynced);
            wal = WriteAheadLog.open(dir, segmentBytes);
            long f = floor;
            assertThat(replay(wal, f)).as("final (seed " + seed + ")")
                    .containsExactlyElementsOf(synced.stream().filter(r -> r.lsn() > f).toList());
        } finally {
            wal.close();
        }
    }
}
