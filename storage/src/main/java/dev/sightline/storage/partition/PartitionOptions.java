package dev.sightline.storage.partition;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.apache.lucene.index.IndexWriterConfig;

/**
 * How one store's day partitions are opened and kept fresh.
 *
 * @param name what the store is called in thread names and log lines ({@code span}, {@code log})
 * @param refreshMillis how often searchers reopen to see new documents (bounds read-after-write delay)
 * @param writerConfig a fresh writer config per partition, with the store's codec and RAM buffer; commit-on-close
 *     and the open mode are set by the partition (off, create-or-append)
 * @param folders decides, at open, whether an existing day folder is opened (it may move the folder aside)
 * @param warmUp runs once at open, after the folders are opened and before the refresher starts
 */
public record PartitionOptions(String name, long refreshMillis, Supplier<IndexWriterConfig> writerConfig,
        FolderFilter folders, WarmUp warmUp) {
    public PartitionOptions {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("partition store name must not be blank, got \"" + name + "\"");
        }
        if (refreshMillis < 1) {
            throw new IllegalArgumentException("refresh interval must be at least 1 ms, got " + refreshMillis);
        }
        if (writerConfig == null || folders == null || warmUp == null) {
            throw new IllegalArgumentException("writerConfig, folders and warmUp are required (got " + writerConfig
                    + ", " + folders + ", " + warmUp + ")");
        }
    }

    /** Options that open every day folder and warm nothing up. */
    public static PartitionOptions of(String name, long refreshMillis, Supplier<IndexWriterConfig> writerConfig) {
        return new PartitionOptions(name, refreshMillis, writerConfig, dir -> true, () -> {
        });
    }

    public PartitionOptions withFolders(FolderFilter folders) {
        return new PartitionOptions(name, refreshMillis, writerConfig, folders, warmUp);
    }

    public PartitionOptions withWarmUp(WarmUp warmUp) {
        return new PartitionOptions(name, refreshMillis, writerConfig, folders, warmUp);
    }

    /** Whether an existing day folder found at open is opened as a partition. */
    @FunctionalInterface
    public interface FolderFilter {
        /** @return false to leave {@code dir} out (after moving it aside, say) */
        boolean admit(Path dir) throws IOException;
    }

    /** Work done once at open so that Lucene's first use does not delay the first document (class loading). */
    @FunctionalInterface
    public interface WarmUp {
        void run() throws IOException;
    }
}
