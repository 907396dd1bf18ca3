package dev.sightline.storage.files;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** The checks and error messages the three layouts share. */
final class FormatChecks {
    private FormatChecks() {
    }

    static void magic(Path file, String description, String expected, String actual) throws CorruptFileException {
        if (!expected.equals(actual)) {
            throw new CorruptFileException(file, "not " + article(description) + " " + description
                    + " file: expected magic " + expected + ", got " + actual);
        }
    }

    /** @param stored the checksum the file records; @param computed the checksum of the bytes it covers */
    static void checksum(Path file, String description, String stored, String computed) throws CorruptFileException {
        if (!stored.equals(computed)) {
            throw new CorruptFileException(file, description + " checksum mismatch: expected " + stored + ", got "
                    + computed);
        }
    }

    static void atLeast(Path file, String description, ByteBuffer b, int headerBytes) throws CorruptFileException {
        if (b.remaining() < headerBytes) {
            throw new CorruptFileException(file, description + " is " + b.remaining() + " bytes, shorter than its "
                    + headerBytes + "-byte header");
        }
    }

    static int crc32c(ByteBuffer... parts) {
        CRC32C c = new CRC32C();
        for (ByteBuffer p : parts) {
            c.update(p.duplicate());
        }
        return (int) c.getValue();
    }

    static String hex(int crc) {
        return String.format("0x%08x", crc);
    }

    /** Bytes as text for an error: printable ASCII as is, others as {@code \xNN}; at most 32 bytes. */
    static String printable(byte[] bytes, int off, int len) {
        StringBuilder sb = new StringBuilder();
        int n = Math.min(len, 32);
        for (int i = off; i < off + n; i++) {
            int c = bytes[i] & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                sb.append((char) c);
            } else if (c == 0) {
                sb.append("\\0");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return n < len ? sb.append('…').toString() : sb.toString();
    }

    private static String article(String description) {
        return "aeiouAEIOU".indexOf(description.charAt(0)) >= 0 ? "an" : "a";
    }
}
