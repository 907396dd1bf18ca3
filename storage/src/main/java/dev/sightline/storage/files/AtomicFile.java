package dev.sightline.storage.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file's content so that a crash leaves either the old or the new content, never a mix: the bytes go
 * to {@code <name>.tmp} (truncating whatever a crash left there), are forced to disk, the temporary file is
 * renamed over the file, and the folder is forced so the rename survives. Stateless; callers serialise writes to
 * one file.
 */
public final class AtomicFile {
    /** The suffix of the temporary file, next to the file it will replace. */
    public static final String TMP_SUFFIX = ".tmp";

    private AtomicFile() {
    }

    /** Replaces {@code file}'s content with the remaining bytes of {@code content}, creating its folder if needed. */
    public static void write(Path file, ByteBuffer content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = file.resolveSibling(file.getFileName() + TMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                ch.write(content);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    /** Forces {@code dir}'s entries (files created, renamed or deleted in it) to disk. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
