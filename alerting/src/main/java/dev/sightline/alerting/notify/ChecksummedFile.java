package dev.sightline.alerting.notify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A small file rewritten whole and atomically: a header line {@code <MAGIC> <version> <crc32c, 8 hex>\n}, then the
 * body. Written to {@code <name>.tmp}, fsynced, renamed over the old file: a crash leaves the old or the new
 * content. Stateless; callers serialise writes to one file.
 */
final class ChecksummedFile {
    private ChecksummedFile() {
    }

    static void write(Path file, String magic, int version, byte[] body) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] header = String.format("%s %d %08x\n", magic, version, crc.getValue())
                .getBytes(StandardCharsets.US_ASCII);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer h = ByteBuffer.wrap(header);
            while (h.hasRemaining()) {
                ch.write(h);
            }
            ByteBuffer b = ByteBuffer.wrap(body);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The body, or null when there is no file; throws naming the file when it is not intact. */
    static byte[] read(Path file, String magic, int version) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] all = Files.readAllBytes(file);
        int nl = 0;
        while (nl < all.length && all[nl] != '\n') {
            nl++;
        }
        String[] header = new String(all, 0, nl, StandardCharsets.US_ASCII).split(" ");
        if (header.length != 3 || !header[0].equals(magic) || nl == all.length) {
            throw new IOException(file + ": not a " + magic + " file (bad header)");
        }
        if (!header[1].equals(Integer.toString(version))) {
            throw new IOException(file + ": " + magic + " version " + header[1] + " is not supported");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, nl + 1, all.length - nl - 1);
        if (!String.format("%08x", crc.getValue()).equals(header[2])) {
            throw new IOException(file + ": checksum mismatch (header " + header[2] + ", body "
                    + String.format("%08x", crc.getValue()) + ")");
        }
        byte[] body = new byte[all.length - nl - 1];
        System.arraycopy(all, nl + 1, body, 0, body.length);
        return body;
    }
}
