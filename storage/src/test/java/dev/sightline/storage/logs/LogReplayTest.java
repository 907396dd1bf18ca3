package dev.sightline.storage.logs;

import static dev.sightline.storage.logs.LogIndexTest.DAY1_NOON;
import static dev.sightline.storage.logs.LogIndexTest.DAY2_NOON;
import static dev.sightline.storage.logs.LogIndexTest.nanos;
import static dev.sightline.storage.logs.LogIndexTest.record;
import static dev.sightline.storage.logs.LogIndexTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay of the WAL over the block layout: a WAL record applied again, in the same process or after a reopen over a
 * commit, adds neither records nor block documents; what was not committed is applied once more, once.
 */
class LogReplayTest {
    private static final long NO_AUTO_REFRESH = 3_600_000;
    private static final long ALL_START = nanos("2024-01-01T00:00:00Z");
    private static final long ALL_END = nanos("2025-01-01T00:00:00Z");
    private static final long DAY3_NOON = nanos("2024-03-03T12:00:00Z");

    @TempDir
    Path dir;

    private LogIndex open() throws IOException {
        return LogIndex.open(dir, NO_AUTO_REFRESH, CorrelationKeys.DEFAULT);
    }

    /** WAL record {@code lsn}: {@code n} records on each of {@code days} (noon times), bodies naming the LSN. */
    private static ExportLogsServiceRequest batch(long lsn, int n, long... days) {
        List<LogRecord> records = new ArrayList<>();
        for (long day : days) {
            for (int i = 0; i < n; i++) {
                records.add(record(day + i % 10, "lsn" + lsn + " n" + i).build());
            }
        }
        return request("svc", records.toArray(LogRecord[]::new));
    }

    /** How many records each WAL record has in the index (by the LSN in their bodies); duplicates are counted. */
    private static Map<String, Integer> perLsn(LogIndex index) throws Exception {
        index.refreshNow();
        Map<String, Integer> out = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (StoredLog log : index.searcher(LogLimits.DEFAULT)
                .search(new LogSearch("", ALL_START, ALL_END, LogSearch.MAX_LIMIT, false, null)).records()) {
            String body = log.record().getBody().getStringValue();
            ids.add(body + " @" + log.timeUnixNano());
            out.merge(body.split(" ")[0], 1, Integer::sum);
        }
        assertThat(ids).doesNotHaveDuplicates();
        return out;
    }

    /** Block documents of each day. */
    private static Map<String, Integer> blocks(LogIndex index) throws Exception {
        index.refreshNow();
        Map<String, Integer> out = new TreeMap<>();
        index.search(ALL_START, ALL_END, false, (day, searcher) -> {
            out.put(day, searcher.getIndexReader().numDocs());
            return true;
        });
        return out;
    }

    @Test
    void aWalRecordAppliedTwiceInOneProcessIsAppliedOnce() throws Exception {
        try (LogIndex index = open()) {
            index.apply(5, Signal.LOGS, batch(5, 1500, DAY1_NOON, DAY2_NOON));
            index.apply(5, Signal.LOGS, batch(5, 1500, DAY1_NOON, DAY2_NOON));
            index.apply(6, Signal.LOGS, batch(6, 3, DAY1_NOON));
            index.apply(5, Signal.LOGS, batch(5, 1500, DAY1_NOON, DAY2_NOON)); // redelivered after a later one
            assertThat(perLsn(index)).containsExactly(Map.entry("lsn5", 3000), Map.entry("lsn6", 3));
            assertThat(blocks(index)).as("1500 records a day: two blocks, and one for LSN 6")
                    .containsExactly(Map.entry("20240301", 3), Map.entry("20240302", 2));
        }
    }

    @Test
    void replayAfterACommitAndReopenAddsOnlyWhatWasNotCommitted() throws Exception {
        try (LogIndex index = open()) {
            index.apply(5, Signal.LOGS, batch(5, 1100, DAY1_NOON, DAY2_NOON));
            index.commit(5);
            index.apply(6, Signal.LOGS, batch(6, 4, DAY2_NOON)); // day 1 unchanged: its commit stays at 5
            index.commit(6);
            index.apply(7, Signal.LOGS, batch(7, 2, DAY1_NOON, DAY2_NOON, DAY3_NOON)); // not committed: rolled back
        }
        try (LogIndex index = open()) {
            assertThat(perLsn(index)).containsExactly(Map.entry("lsn5", 2200), Map.entry("lsn6", 4));
            // the WAL replays everything since the oldest commit
            index.apply(5, Signal.LOGS, batch(5, 1100, DAY1_NOON, DAY2_NOON));
            index.apply(6, Signal.LOGS, batch(6, 4, DAY2_NOON));
            index.apply(7, Signal.LOGS, batch(7, 2, DAY1_NOON, DAY2_NOON, DAY3_NOON));
            index.apply(7, Signal.LOGS, batch(7, 2, DAY1_NOON, DAY2_NOON, DAY3_NOON));
            assertThat(perLsn(index)).containsExactly(Map.entry("lsn5", 2200), Map.entry("lsn6", 4),
                    Map.entry("lsn7", 6));
            assertThat(blocks(index)).containsExactly(Map.entry("20240301", 3), Map.entry("20240302", 4),
                    Map.entry("20240303", 1));
            index.commit(7);
        }
        try (LogIndex index = open()) {
            for (long lsn = 5; lsn <= 7; lsn++) { // a second crash and replay, over the commit of 7
                index.apply(lsn, Signal.LOGS, batch(lsn, lsn == 5 ? 1100 : lsn == 6 ? 4 : 2,
                        lsn == 6 ? new long[] {DAY2_NOON} : lsn == 5 ? new long[] {DAY1_NOON, DAY2_NOON}
                                : new long[] {DAY1_NOON, DAY2_NOON, DAY3_NOON}));
            }
            index.apply(8, Signal.LOGS, batch(8, 1, DAY3_NOON));
            assertThat(perLsn(index)).containsExactly(Map.entry("lsn5", 2200), Map.entry("lsn6", 4),
                    Map.entry("lsn7", 6), Map.entry("lsn8", 1));
            assertThat(blocks(index)).containsExactly(Map.entry("20240301", 3), Map.entry("20240302", 4),
                    Map.entry("20240303", 2));
        }
    }
}
