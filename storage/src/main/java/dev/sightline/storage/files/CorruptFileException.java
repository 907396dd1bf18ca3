package dev.sightline.storage.files;

import java.nio.file.Path;

/** A file's bytes are damaged or not of this format: wrong magic, a checksum mismatch, a bad length. */
public final class CorruptFileException extends FileFormatException {
    CorruptFileException(Path file, String reason) {
        super(file, reason);
    }
}
