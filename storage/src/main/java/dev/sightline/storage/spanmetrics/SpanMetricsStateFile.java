package dev.sightline.storage.spanmetrics;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The span-metrics state as of one WAL LSN (docs/format/span-metrics-state.md): magic {@code SLSPANM\0},
 * version u32, LSN u64, payload length u32, CRC-32C u32 of the LSN and payload, then the payload: an OTLP
 * {@code ExportMetricsServiceRequest} holding every series' cumulative duration histogram (which carries its
 * calls count too). Written to a temporary file, fsynced, renamed over the old one: a crash leaves the old or
 * the new state, never a torn one. Not thread-safe: {@link SpanMetrics} writes from its commit.
 */
final class SpanMetricsStateFile {
    static final byte[] MAGIC = "SLSPANM\0".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER = 8 + 4 + 8 + 4 + 4;

    /** A state read back: the LSN through which it counts every span, and the export. */
    record State(long lsn, ExportMetricsServiceRequest series) {
    }

    private final Path file;

    SpanMetricsStateFile(Path file) {
        this.file = file;
    }

    Path path() {
        return file;
    }

    void write(long lsn, ExportMetricsServiceRequest series) throws IOException {
        byte[] payload = series.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.put(MAGIC).putInt(VERSION).putLong(lsn).putInt(payload.length).putInt(crc(lsn, payload)).put(payload);
        b.flip();
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** The saved state, or null when there is none; throws naming the file and the problem when it is damaged. */
    State read() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < HEADER) {
            throw new IOException(file + ": span metrics state is " + b.remaining() + " bytes, shorter than its "
                    + HEADER + "-byte header");
        }
        byte[] magic = new byte[8];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a span metrics state file (bad magic at offset 0)");
        }
        int version = b.getInt();
        if (version != VERSION) {
            throw new IOException(file + ": span metrics state version " + version + " is not supported");
        }
        long lsn = b.getLong();
        int length = b.getInt();
        int crc = b.getInt();
        if (length != b.remaining()) {
            throw new IOException(file + ": span metrics state payload is " + b.remaining() + " bytes, header says "
                    + length);
        }
        byte[] payload = new byte[length];
        b.get(payload);
        if (crc(lsn, payload) != crc) {
            throw new IOException(file + ": span metrics state checksum mismatch at offset " + (HEADER - 4));
        }
        return new State(lsn, ExportMetricsServiceRequest.parseFrom(payload));
    }

    private static int crc(long lsn, byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(8).putLong(0, lsn));
        c.update(payload);
        return (int) c.getValue();
    }
}
