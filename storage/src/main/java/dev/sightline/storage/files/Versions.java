package dev.sightline.storage.files;

import java.nio.file.Path;

/**
 * The format versions a build reads, {@code min..max}; it writes {@code max}. A file outside the range is refused
 * with a {@link FileVersionException} naming the file, the range and the version found.
 */
public record Versions(int min, int max) {
    public Versions {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("versions must be 0 <= min <= max, got " + min + ".." + max);
        }
    }

    /** Exactly {@code version}. */
    public static Versions only(int version) {
        return new Versions(version, version);
    }

    /** The version this build writes. */
    public int current() {
        return max;
    }

    void check(Path file, String description, int actual) throws FileVersionException {
        if (actual < min || actual > max) {
            throw new FileVersionException(file, description, this, actual);
        }
    }
}
