package dev.sightline.storage.files;

import java.nio.file.Path;

/** A file's format version is outside what this build reads: written by a newer build, or too old to read. */
public final class FileVersionException extends FileFormatException {
    private final int version;

    FileVersionException(Path file, String description, Versions accepted, int version) {
        super(file, description + " version " + version + " is too " + (version > accepted.max() ? "new" : "old")
                + ": expected version " + accepted.min() + ".." + accepted.max() + ", got " + version);
        this.version = version;
    }

    /** The version the file says it has. */
    public int version() {
        return version;
    }
}
