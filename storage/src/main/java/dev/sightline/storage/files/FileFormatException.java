package dev.sightline.storage.files;

import java.io.IOException;
import java.nio.file.Path;

/** A file is not in the format its reader expects. The message is {@code <file>: <reason>}. */
public class FileFormatException extends IOException {
    private final Path file;
    private final String reason;

    FileFormatException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** The message without the file name, for callers that wrap this in an exception of their own. */
    public String reason() {
        return reason;
    }
}
