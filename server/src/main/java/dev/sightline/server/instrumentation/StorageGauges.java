package dev.sightline.server.instrumentation;

import dev.sightline.storage.Storage;
import dev.sightline.storage.instrumentation.MetricRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Partitions and disk bytes per signal, and the metric store's series, read from the stores when scraped. */
public final class StorageGauges {
    private StorageGauges() {
    }

    public static void register(MetricRegistry registry, Storage storage) {
        Path data = storage.options().dataDir();
        registry.gauges("sightline_storage_partitions", "Day partitions held, by signal and store.", "signal", "store")
                .add(() -> storage.traces().days().size(), "traces", "trace_store")
                .add(() -> storage.spans().partitionNames().size(), "traces", "span_index")
                .add(() -> storage.logs().partitionNames().size(), "logs", "log_index");
        registry.gauges("sightline_storage_disk_bytes", "Bytes on disk, by signal (the WAL is its own signal).",
                        "signal")
                .add(() -> folderBytes(data.resolve("traces")) + folderBytes(data.resolve("spans")), "traces")
                .add(() -> folderBytes(data.resolve("logs")), "logs")
                .add(() -> folderBytes(data.resolve("metrics")), "metrics")
                .add(() -> folderBytes(data.resolve("wal")), "wal");
        registry.gauge("sightline_metric_series", "Series in the metric store.", () -> storage.metrics().seriesCount());
    }

    /** Sum of the sizes of the regular files under {@code dir}; files deleted while walking are skipped. */
    static long folderBytes(Path dir) {
        long[] total = {0};
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + dir, e);
        }
        return total[0];
    }
}
