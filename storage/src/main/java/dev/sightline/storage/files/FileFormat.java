package dev.sightline.storage.files;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * How one kind of file lays out its magic, version and checksum around its content. Three layouts exist, one per
 * header style on disk: {@link TextLineFormat} (alert and notification state), {@link FixedHeaderFormat} (WAL
 * segments and checkpoint) and {@link LengthPrefixedFormat} (span-metrics state). Modelled on Lucene's
 * {@code CodecUtil}: a format writes at {@link Versions#current()} and reads {@link Versions#min()}..{@link
 * Versions#max()}, and checks magic, then version, then checksum. Immutable.
 */
public sealed interface FileFormat permits TextLineFormat, FixedHeaderFormat, LengthPrefixedFormat {
    /** What the file is, for errors: {@code "alert state"}, {@code "WAL checkpoint"}. */
    String description();

    Versions versions();

    /**
     * The whole file: header and body, at the current version.
     *
     * @param value a number the header carries (an LSN), where the layout has one; 0 otherwise
     */
    ByteBuffer encode(long value, byte[] body);

    /**
     * Checks and splits a file's bytes.
     *
     * @param file named in errors
     * @throws CorruptFileException on a wrong magic, a checksum mismatch or a bad length, naming expected and actual
     * @throws FileVersionException on a version outside {@link #versions()}
     */
    FileContents decode(Path file, ByteBuffer bytes) throws FileFormatException;
}
