package dev.sightline.storage.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * An 8-byte ASCII magic, then version u32 | value i64 | body length u32 | CRC-32C u32 of (value ‖ body) | body;
 * big-endian. Used by the span-metrics state (value: the LSN it counts through; docs/format/span-metrics-state.md).
 */
public record LengthPrefixedFormat(String description, String magic, Versions versions) implements FileFormat {
    public static final int MAGIC_BYTES = 8;
    public static final int HEADER_BYTES = MAGIC_BYTES + 4 + 8 + 4 + 4;

    public LengthPrefixedFormat {
        if (magic.length() != MAGIC_BYTES || !StandardCharsets.US_ASCII.newEncoder().canEncode(magic)) {
            throw new IllegalArgumentException("magic must be " + MAGIC_BYTES + " ASCII characters, got \"" + magic
                    + "\"");
        }
    }

    @Override
    public ByteBuffer encode(long value, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body.length);
        b.put(magic.getBytes(StandardCharsets.US_ASCII)).putInt(versions.current()).putLong(value)
                .putInt(body.length).putInt(crc(value, ByteBuffer.wrap(body)));
        return b.put(body).flip();
    }

    @Override
    public FileContents decode(Path file, ByteBuffer bytes) throws FileFormatException {
        ByteBuffer b = bytes.duplicate();
        FormatChecks.atLeast(file, description, b, HEADER_BYTES);
        byte[] m = new byte[MAGIC_BYTES];
        b.get(m);
        byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
        FormatChecks.magic(file, description, FormatChecks.printable(expected, 0, MAGIC_BYTES),
                FormatChecks.printable(m, 0, MAGIC_BYTES));
        int version = b.getInt();
        versions.check(file, description, version);
        long value = b.getLong();
        int length = b.getInt();
        int stored = b.getInt();
        if (length != b.remaining()) {
            throw new CorruptFileException(file, description + " body length: expected " + Integer.toUnsignedLong(length)
                    + " bytes (as the header says), got " + b.remaining());
        }
        byte[] body = new byte[length];
        b.get(body);
        FormatChecks.checksum(file, description, FormatChecks.hex(stored),
                FormatChecks.hex(crc(value, ByteBuffer.wrap(body))));
        return new FileContents(version, value, body);
    }

    private static int crc(long value, ByteBuffer body) {
        return FormatChecks.crc32c(ByteBuffer.allocate(8).putLong(0, value), body);
    }
}
