package dev.sightline.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The checkpoint file: the LSN through which every store has committed. Written atomically (temporary file,
 * fsync, rename, fsync of the folder), so a crash leaves either the old or the new checkpoint.
 */
public final class WalCheckpoint {
    /** The checkpoint of an empty log: nothing has been committed. */
    public static final long NONE = -1;
    private static final String FILE = "checkpoint";

    private WalCheckpoint() {
    }

    /** Reads the checkpoint in {@code dir}, or {@link #NONE} when there is none yet. */
    public static long read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return NONE;
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            return WalFormat.readHeader(ByteBuffer.wrap(bytes), WalFormat.CHECKPOINT_MAGIC);
        } catch (IllegalStateException e) {
            throw new CorruptWalException(file, 0, e.getMessage());
        }
    }

    public static void write(Path dir, long lsn) throws IOException {
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = WalFormat.header(WalFormat.CHECKPOINT_MAGIC, lsn);
            while (header.hasRemaining()) {
                ch.write(header);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
