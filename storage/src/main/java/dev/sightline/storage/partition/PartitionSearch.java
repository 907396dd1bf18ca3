package dev.sightline.storage.partition;

import java.io.IOException;
import org.apache.lucene.search.IndexSearcher;

/**
 * A search over one day's partition, with a searcher acquired for it and released after.
 *
 * @param <E> what else the search may throw (a query error, say)
 */
@FunctionalInterface
public interface PartitionSearch<E extends Exception> {
    /** @return whether to go on to the next partition */
    boolean search(String day, IndexSearcher searcher) throws IOException, E;
}
