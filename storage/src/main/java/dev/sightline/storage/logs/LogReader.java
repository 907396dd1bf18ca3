package dev.sightline.storage.logs;

import java.io.IOException;
import java.util.List;

/**
 * What the query layer and log alerting rules read from the log store. Queries are in Lucene syntax over the log
 * fields ({@link LogFields}); one that does not parse or would cost too much is a {@link LogQueryException}.
 * Windows are [start, end) in Unix nanoseconds. Implementations are thread-safe and see records once the index
 * has refreshed.
 */
public interface LogReader {
    /** One page of records matching {@code search}, in time order. */
    LogPage search(LogSearch search) throws IOException, LogQueryException;

    /** Every record of one trace (ID in hex), oldest first, at most {@code limit}; no time window. */
    LogPage byTrace(String traceIdHex, int limit, LogCursor after) throws IOException, LogQueryException;

    /** Every record carrying a correlation value, oldest first, at most {@code limit}; no time window. */
    LogPage byCorrelation(String value, int limit) throws IOException, LogQueryException;

    /** Numbers of matching records per bucket of {@code stepNanos}, from {@code start} (inclusive) to {@code end}. */
    long[] histogram(String query, long start, long end, long stepNanos) throws IOException, LogQueryException;

    /**
     * Times (Unix ns, ascending) of the records matching {@code query} in [start, end): what a log alerting rule
     * counts.
     *
     * @throws LogQueryException when the query does not parse, overruns the time budget, or more than {@code max}
     *     records match
     */
    long[] matchTimes(String query, long start, long end, int max) throws IOException, LogQueryException;

    /** Names of the fields present in the window's partitions, sorted. */
    List<String> fields(long start, long end) throws IOException, LogQueryException;

    /** The most frequent values of a keyword field among records matching {@code query}, with their counts. */
    List<ValueCount> topValues(String field, String query, long start, long end, int limit)
            throws IOException, LogQueryException;

    /** Checks that {@code query} parses as a log query, without running it (rule files are checked at load). */
    static void validate(String query) throws LogQueryException {
        new LogQueryParser().parseQuery(query);
    }
}
