package dev.sightline.storage.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One small file rewritten whole: written atomically ({@link AtomicFile}) in its {@link FileFormat}, read back
 * checked. A leftover {@code <name>.tmp} from a crash is never read and is overwritten by the next write. Not
 * thread-safe: one writer per file.
 */
public final class StateFile {
    private final Path path;
    private final FileFormat format;

    public StateFile(Path path, FileFormat format) {
        this.path = path;
        this.format = format;
    }

    public Path path() {
        return path;
    }

    /** Replaces the file with {@code body} under a header carrying {@code value}, at the current version. */
    public void write(long value, byte[] body) throws IOException {
        AtomicFile.write(path, format.encode(value, body));
    }

    /** As {@link #write(long, byte[])} for layouts whose header carries no value. */
    public void write(byte[] body) throws IOException {
        write(0, body);
    }

    /**
     * The checked contents, or null when there is no file.
     *
     * @throws FileFormatException when the file is damaged or of an unsupported version (names the file)
     */
    public FileContents read() throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        return format.decode(path, ByteBuffer.wrap(Files.readAllBytes(path)));
    }
}
