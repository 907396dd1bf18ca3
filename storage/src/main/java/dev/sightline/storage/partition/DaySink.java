package dev.sightline.storage.partition;

import java.io.IOException;
import org.apache.lucene.document.Document;

/**
 * Where the documents of one WAL record go, by day. Only valid inside {@link DayPartitions#apply}; not thread-safe.
 */
public interface DaySink {
    /**
     * Whether documents of {@code day} (yyyyMMdd) are skipped: the day was dropped, or its partition's last commit
     * already holds this record (a replay). Check before building a costly document.
     */
    boolean skips(String day);

    /**
     * Adds {@code doc} to the partition of {@code day}, created on demand, unless {@link #skips(String)}.
     *
     * @return whether it was added
     */
    boolean add(String day, Document doc) throws IOException;

    /**
     * A thread-safe way to add documents of {@code day} (its partition is created on demand), or null when the day
     * is skipped. Call on the thread running {@link DayPartitions#apply}; the adder may then be used from other
     * threads until that {@code apply} returns (a store that builds its documents in parallel). The default goes
     * through {@link #add}, which suits sinks used from one thread only (test doubles); the partitions' own sink
     * adds straight to the partition's writer.
     */
    default Adder adder(String day) throws IOException {
        return skips(day) ? null : doc -> add(day, doc);
    }

    /** Adds documents to one day's partition; thread-safe. */
    @FunctionalInterface
    interface Adder {
        void add(Document doc) throws IOException;
    }
}
