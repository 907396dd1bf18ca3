package dev.sightline.storage.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A header line of ASCII, then the body: {@code <MAGIC> SP <version, decimal> SP <CRC-32C of the body, 8 lower-case
 * hex digits> LF}. The header carries no value. Used by the alert and notification state files
 * (docs/format/alert-state.md, docs/format/alert-notifications.md).
 */
public record TextLineFormat(String description, String magic, Versions versions) implements FileFormat {
    public TextLineFormat {
        if (magic.isEmpty() || !magic.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("magic must be printable ASCII without spaces, got \"" + magic + "\"");
        }
    }

    @Override
    public ByteBuffer encode(long value, byte[] body) {
        if (value != 0) {
            throw new IllegalArgumentException(description + " header carries no value, got " + value);
        }
        byte[] header = String.format("%s %d %s\n", magic, versions.current(), crcText(body, 0, body.length))
                .getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(header.length + body.length).put(header).put(body).flip();
    }

    @Override
    public FileContents decode(Path file, ByteBuffer bytes) throws FileFormatException {
        byte[] all = new byte[bytes.remaining()];
        bytes.duplicate().get(all);
        int nl = 0;
        while (nl < all.length && all[nl] != '\n') {
            nl++;
        }
        String line = new String(all, 0, nl, StandardCharsets.US_ASCII);
        String[] fields = line.split(" ");
        int magicEnd = line.indexOf(' ') < 0 ? nl : line.indexOf(' ');
        FormatChecks.magic(file, description, magic, FormatChecks.printable(all, 0, magicEnd));
        if (fields.length != 3 || nl == all.length) {
            throw new CorruptFileException(file, description + " header line is malformed: expected \"" + magic
                    + " <version> <crc32c>\" and a line feed, got \"" + FormatChecks.printable(all, 0, nl) + "\""
                    + (nl == all.length ? " and no line feed" : ""));
        }
        int version = parseVersion(file, fields[1]);
        versions.check(file, description, version);
        int bodyOffset = nl + 1;
        FormatChecks.checksum(file, description, fields[2], crcText(all, bodyOffset, all.length - bodyOffset));
        byte[] body = new byte[all.length - bodyOffset];
        System.arraycopy(all, bodyOffset, body, 0, body.length);
        return new FileContents(version, 0, body);
    }

    private int parseVersion(Path file, String text) throws CorruptFileException {
        // Digits only, without leading zeros: the form the writer uses.
        if (!text.matches("0|[1-9][0-9]{0,8}")) {
            throw new CorruptFileException(file, description + " version is not a decimal number: got \"" + text
                    + "\"");
        }
        return Integer.parseInt(text);
    }

    private static String crcText(byte[] bytes, int off, int len) {
        return String.format("%08x", Integer.toUnsignedLong(FormatChecks.crc32c(ByteBuffer.wrap(bytes, off, len))));
    }
}
