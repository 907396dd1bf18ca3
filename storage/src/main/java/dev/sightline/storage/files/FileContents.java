package dev.sightline.storage.files;

/**
 * A file read back and checked.
 *
 * @param version the format version it was written with, within the reader's {@link Versions}
 * @param value the number its header carries (an LSN), 0 for layouts without one
 * @param body the bytes after the header (not copied: the caller owns them)
 */
public record FileContents(int version, long value, byte[] body) {
}
