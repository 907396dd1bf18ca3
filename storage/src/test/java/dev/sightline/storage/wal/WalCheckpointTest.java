package dev.sightline.storage.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.storage.write.RecordLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file and segment header on disk, byte for byte as the code before the shared helper wrote them. */
class WalCheckpointTest {
    @TempDir
    Path dir;

    /** The 20-byte header as docs/format/wal.md draws it, built here by hand. */
    private static byte[] header(int magic, int version, long value) {
        ByteBuffer b = ByteBuffer.allocate(20).putInt(magic).putShort((short) version).putShort((short) 0)
                .putLong(value);
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, 16);
        return b.putInt((int) c.getValue()).array();
    }

    private static String crcOf16(byte[] b) {
        CRC32C c = new CRC32C();
        c.update(b, 0, 16);
        return String.format("0x%08x", c.getValue());
    }

    @Test
    void aCheckpointWrittenByTheOldCodeIsReadAndTheNewWriterWritesTheSameBytes() throws IOException {
        byte[] old = header(0x534C434B, 1, 4_000_000_123L);
        Files.write(dir.resolve("checkpoint"), old);
        assertThat(WalCheckpoint.read(dir)).isEqualTo(4_000_000_123L);

        WalCheckpoint.write(dir, 4_000_000_123L);
        assertThat(Files.readAllBytes(dir.resolve("checkpoint"))).isEqualTo(old);
        WalCheckpoint.write(dir, RecordLog.NONE);
        assertThat(Files.readAllBytes(dir.resolve("checkpoint"))).isEqualTo(header(0x534C434B, 1, -1));
    }

    @Test
    void aNewSegmentStartsWithTheOldHeader() throws IOException {
        try (WriteAheadLog wal = WriteAheadLog.open(dir, 1 << 20)) {
            assertThat(wal.nextLsn()).isEqualTo(20);
        }
        byte[] segment = Files.readAllBytes(dir.resolve("00000000000000000000.wal"));
        assertThat(segment).isEqualTo(header(0x534C574C, 1, 0));
    }

    @Test
    void aCorruptChecksumNamesTheFileAndBothValues() throws IOException {
        byte[] good = header(0x534C434B, 1, 99);
        byte[] bad = good.clone();
        bad[10] ^= 1;
        Path file = dir.resolve("checkpoint");
        Files.write(file, bad);
        assertThatThrownBy(() -> WalCheckpoint.read(dir))
                .isInstanceOfSatisfying(CorruptWalException.class, e -> assertThat(e.file()).isEqualTo(file))
                .hasMessage("corrupt write-ahead log " + file + " at offset 0: WAL checkpoint checksum mismatch: expected "
                        + crcOf16(good) + ", got " + crcOf16(bad));
    }

    @Test
    void aWrongMagicNamesTheFileAndBothValues() throws IOException {
        Path file = dir.resolve("checkpoint");
        Files.write(file, header(0x534C574C, 1, 99)); // a segment header where the checkpoint should be
        assertThatThrownBy(() -> WalCheckpoint.read(dir)).isInstanceOf(CorruptWalException.class)
                .hasMessage("corrupt write-ahead log " + file + " at offset 0: not a WAL checkpoint file: expected magic "
                        + "0x534c434b, got 0x534c574c");
    }

    @Test
    void aTooNewVersionNamesTheFileAndBothValues() throws IOException {
        Path file = dir.resolve("checkpoint");
        Files.write(file, header(0x534C434B, 2, 99));
        assertThatThrownBy(() -> WalCheckpoint.read(dir)).isInstanceOf(CorruptWalException.class)
                .hasMessage("corrupt write-ahead log " + file + " at offset 0: WAL checkpoint version 2 is too new: "
                        + "expected version 1..1, got 2");
    }

    @Test
    void aLeftoverTemporaryCheckpointIsHarmless() throws IOException {
        WalCheckpoint.write(dir, 42);
        byte[] torn = Arrays.copyOf(header(0x534C434B, 1, 77), 64); // longer than a checkpoint, half-written
        Files.write(dir.resolve("checkpoint.tmp"), torn);
        assertThat(WalCheckpoint.read(dir)).isEqualTo(42);
        WalCheckpoint.write(dir, 43);
        assertThat(dir.resolve("checkpoint.tmp")).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("checkpoint"))).isEqualTo(header(0x534C434B, 1, 43));
    }
}
