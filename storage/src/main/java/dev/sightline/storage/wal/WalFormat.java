package dev.sightline.storage.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Byte layout of WAL segments and the checkpoint file; see {@code docs/format/wal.md}.
 *
 * <pre>
 * segment header (20 bytes): magic "SLWL" | version u16 | flags u16 | base LSN u64 | CRC32C of the first 16 bytes
 * record frame:              payload length u32 | CRC32C of (type + payload) u32 | type u8 | payload
 * </pre>
 * All integers are big-endian.
 */
final class WalFormat {
    static final int SEGMENT_MAGIC = 0x534C574C; // "SLWL"
    static final int CHECKPOINT_MAGIC = 0x534C434B; // "SLCK"
    static final short VERSION = 1;
    static final int HEADER_BYTES = 20;
    static final int FRAME_BYTES = 9;
    /** Larger lengths are corruption: the ingest limit is far below this. */
    static final int MAX_PAYLOAD_BYTES = 256 << 20;
    static final String SEGMENT_SUFFIX = ".wal";

    private WalFormat() {
    }

    static String segmentName(long baseLsn) {
        return String.format("%020d%s", baseLsn, SEGMENT_SUFFIX);
    }

    static ByteBuffer header(int magic, long value) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
        b.putInt(magic).putShort(VERSION).putShort((short) 0).putLong(value);
        b.putInt(crc(b.array(), 0, 16));
        return b.flip();
    }

    /** Returns the header's value (base LSN or checkpoint LSN), or throws naming what is wrong. */
    static long readHeader(ByteBuffer b, int magic) {
        if (b.remaining() < HEADER_BYTES) {
            throw new IllegalStateException("header is " + b.remaining() + " bytes, expected " + HEADER_BYTES);
        }
        int start = b.position();
        int m = b.getInt();
        short version = b.getShort();
        b.getShort();
        long value = b.getLong();
        int crc = b.getInt();
        if (m != magic) {
            throw new IllegalStateException(String.format("bad magic 0x%08x", m));
        }
        if (version != VERSION) {
            throw new IllegalStateException("unsupported version " + version + " (this build reads " + VERSION + ")");
        }
        byte[] first = new byte[16];
        b.get(start, first);
        if (crc(first, 0, 16) != crc) {
            throw new IllegalStateException("header checksum mismatch");
        }
        return value;
    }

    static int crc(byte[] bytes, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(bytes, off, len);
        return (int) c.getValue();
    }

    static int recordCrc(byte type, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(type);
        c.update(payload, 0, payload.length);
        return (int) c.getValue();
    }
}
