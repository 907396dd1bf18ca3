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
}
