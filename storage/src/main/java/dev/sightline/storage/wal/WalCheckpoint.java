package dev.sightline.storage.wal;

import dev.sightline.storage.files.FileContents;
import dev.sightline.storage.files.FileFormatException;
import dev.sightline.storage.files.StateFile;
import dev.sightline.storage.write.RecordLog;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The checkpoint file: the LSN through which every store has committed. Written atomically through
 * {@link StateFile} (temporary file, fsync, rename, fsync of the folder), so a crash leaves either the old or the
 * new checkpoint.
 */
public final class WalCheckpoint {
    private static final String FILE = "checkpoint";
    private static final byte[] NO_BODY = new byte[0];

    private WalCheckpoint() {
    }

    /** Reads the checkpoint in {@code dir}, or {@link RecordLog#NONE} when there is none yet. */
    public static long read(Path dir) throws IOException {
        StateFile file = file(dir);
        try {
            FileContents c = file.read();
            return c == null ? RecordLog.NONE : c.value();
        } catch (FileFormatException e) {
            throw new CorruptWalException(file.path(), 0, e.reason());
        }
    }

    public static void write(Path dir, long lsn) throws IOException {
        file(dir).write(lsn, NO_BODY);
    }

    private static StateFile file(Path dir) {
        return new StateFile(dir.resolve(FILE), WalFormat.CHECKPOINT);
    }
}
