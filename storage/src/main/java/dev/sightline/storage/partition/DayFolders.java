package dev.sightline.storage.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The day folders under a partition root: found by name ({@code yyyyMMdd}, ASCII digits), deleted whole. */
final class DayFolders {
    private static final Pattern DAY = Pattern.compile("\\d{8}");

    private DayFolders() {
    }

    /** The folders directly under {@code root} named like a day, in no particular order. */
    static List<Path> list(Path root) throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                if (Files.isDirectory(p) && DAY.matcher(p.getFileName().toString()).matches()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** Deletes {@code dir} and everything under it. */
    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        }
    }
}
