package dev.sightline.storage.wal;

import java.io.IOException;
import java.nio.file.Path;

/** A WAL file holds bytes that are not a valid record where a valid record must be. Names file and offset. */
public final class CorruptWalException extends IOException {
    private final Path file;
    private final long offset;

    public CorruptWalException(Path file, long offset, String reason) {
        super("corrupt write-ahead log " + file + " at offset " + offset + ": " + reason);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
