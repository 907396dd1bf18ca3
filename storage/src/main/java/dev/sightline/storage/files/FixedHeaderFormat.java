package dev.sightline.storage.files;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A 20-byte binary header, then the body (not covered by the checksum): magic u32 | version u16 | flags u16 (0) |
 * value i64 | CRC-32C u32 of the first 16 bytes; big-endian. Used by WAL segments (value: base LSN, body: record
 * frames) and the WAL checkpoint (value: checkpoint LSN, no body); see docs/format/wal.md.
 */
public record FixedHeaderFormat(String description, int magic, Versions versions) implements FileFormat {
    public static final int HEADER_BYTES = 20;

    public FixedHeaderFormat {
        if (versions.max() > 0xFFFF) {
            throw new IllegalArgumentException("versions must fit in u16, got " + versions.max());
        }
    }

    @Override
    public ByteBuffer encode(long value, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body.length);
        b.putInt(magic).putShort((short) versions.current()).putShort((short) 0).putLong(value);
        b.putInt(FormatChecks.crc32c(b.duplicate().flip()));
        return b.put(body).flip();
    }

    /** Reads the header at the buffer's position (the buffer is not moved); the body is every byte after it. */
    @Override
    public FileContents decode(Path file, ByteBuffer bytes) throws FileFormatException {
        ByteBuffer b = bytes.duplicate();
        FormatChecks.atLeast(file, description, b, HEADER_BYTES);
        int start = b.position();
        int m = b.getInt();
        FormatChecks.magic(file, description, FormatChecks.hex(magic), FormatChecks.hex(m));
        int version = Short.toUnsignedInt(b.getShort());
        versions.check(file, description, version);
        b.getShort(); // flags: none defined
        long value = b.getLong();
        int stored = b.getInt();
        int computed = FormatChecks.crc32c(b.duplicate().position(start).limit(start + 16));
        FormatChecks.checksum(file, description, FormatChecks.hex(stored), FormatChecks.hex(computed));
        byte[] body = new byte[b.remaining()];
        b.get(body);
        return new FileContents(version, value, body);
    }
}
