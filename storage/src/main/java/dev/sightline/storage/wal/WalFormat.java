package dev.sightline.storage.wal;

import dev.sightline.storage.files.FixedHeaderFormat;
import dev.sightline.storage.files.Versions;
import java.util.zip.CRC32C;

/**
 * Byte layout of WAL segments and the checkpoint file; see {@code docs/format/wal.md}.
 *
 * <pre>
 * segment header (20 bytes): magic "SLWL" | version u16 | flags u16 | base LSN u64 | CRC32C of the first 16 bytes
 * record frame:              payload length u32 | CRC32C of (type + payload) u32 | type u8 | payload
 * checkpoint (20 bytes):     magic "SLCK" | version u16 | flags u16 | checkpoint LSN i64 | CRC32C of the first 16
 * </pre>
 * All integers are big-endian. Both headers are a {@link FixedHeaderFormat}.
 */
final class WalFormat {
    static final int SEGMENT_MAGIC = 0x534C574C; // "SLWL"
    static final int CHECKPOINT_MAGIC = 0x534C434B; // "SLCK"
    static final Versions VERSIONS = Versions.only(1);
    static final FixedHeaderFormat SEGMENT = new FixedHeaderFormat("WAL segment", SEGMENT_MAGIC, VERSIONS);
    static final FixedHeaderFormat CHECKPOINT = new FixedHeaderFormat("WAL checkpoint", CHECKPOINT_MAGIC, VERSIONS);
    static final int HEADER_BYTES = FixedHeaderFormat.HEADER_BYTES;
    static final int FRAME_BYTES = 9;
    /** Larger lengths are corruption: the ingest limit is far below this. */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;
    static final String SEGMENT_SUFFIX = ".wal";

    private WalFormat() {
    }

    static String segmentName(long baseLsn) {
        return String.format("%020d%s", baseLsn, SEGMENT_SUFFIX);
    }

    static int recordCrc(byte type, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(type);
        c.update(payload, 0, payload.length);
        return (int) c.getValue();
    }
}
