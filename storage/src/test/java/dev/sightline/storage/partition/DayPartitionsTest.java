package dev.sightline.storage.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayPartitionsTest {
    /** Long enough that searchers only change when a test calls refreshNow(). */
    private static final long NO_AUTO_REFRESH = 3_600_000;

    @TempDir
    Path dir;

    private DayPartitions open() throws IOException {
        return DayPartitions.open(dir, PartitionOptions.of("test", NO_AUTO_REFRESH, IndexWriterConfig::new));
    }

    private static Document doc(String text) {
        Document d = new Document();
        d.add(new StringField("text", text, Field.Store.NO));
        return d;
    }

    /** Adds one document per (day, text) pair as record {@code lsn}; returns how many were added. */
    private static int add(DayPartitions p, long lsn, String... dayAndText) throws IOException {
        int[] added = {0};
        p.apply(lsn, sink -> {
            for (int i = 0; i < dayAndText.length; i += 2) {
                if (sink.add(dayAndText[i], doc(dayAndText[i + 1]))) {
                    added[0]++;
                }
            }
        });
        return added[0];
    }

    /** Documents per day, newest day first, as searchers see them now. */
    private static Map<String, Integer> counts(DayPartitions p) throws IOException {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        p.search(day -> true, true, (day, s) -> {
            out.put(day, s.count(new MatchAllDocsQuery()));
            return true;
        });
        return out;
    }

    @Test
    void documentsGoToTheirDayCreatedOnDemandAndTheFoldersAreFoundAgainAtOpen() throws IOException {
        try (DayPartitions p = open()) {
            assertThat(p.days()).isEmpty();
            assertThat(add(p, 1, "20240302", "a", "20240301", "b", "20240302", "c")).isEqualTo(3);
            assertThat(p.days()).containsExactly("20240301", "20240302");
            assertThat(dir.resolve("20240301")).isDirectory();
            assertThat(counts(p)).as("not searchable before a refresh").containsExactly(
                    Map.entry("20240302", 0), Map.entry("20240301", 0));
            p.refreshNow();
            assertThat(counts(p)).containsExactly(Map.entry("20240302", 2), Map.entry("20240301", 1));
            p.commit(1);
        }
        Files.createDirectories(dir.resolve("not-a-day"));
        Files.createDirectories(dir.resolve("2024030"));
        try (DayPartitions p = open()) {
            assertThat(p.days()).containsExactly("20240301", "20240302");
            assertThat(counts(p)).containsExactly(Map.entry("20240302", 2), Map.entry("20240301", 1));
        }
    }

    @Test
    void theCommitRecordsTheLsnAndReplaySkipsWhatThePartitionHolds() throws IOException {
        try (DayPartitions p = open()) {
            add(p, 5, "20240301", "a", "20240302", "b");
            p.commit(5);
            add(p, 6, "20240303", "c"); // not committed: rolled back on close
        }
        try (FSDirectory d = FSDirectory.open(dir.resolve("20240301"))) {
            assertThat(DirectoryReader.listCommits(d).getLast().getUserData())
                    .as("the on-disk commit data").containsExactly(Map.entry("sightline.wal_lsn", "5"));
        }
        try (DayPartitions p = open()) { // a probe on its own: replay below comes in LSN order from 4
            assertThat(p.days()).as("an empty folder is still a day").containsExactly("20240301", "20240302",
                    "20240303");
            p.apply(5, sink -> {
                assertThat(sink.skips("20240301")).isTrue();
                assertThat(sink.skips("20240303")).as("nothing committed there").isFalse();
                assertThat(sink.skips("20240309")).as("a new day").isFalse();
            });
        }
        try (DayPartitions p = open()) {
            assertThat(add(p, 4, "20240301", "a", "20240302", "b")).isZero();
            assertThat(add(p, 5, "20240301", "a", "20240302", "b", "20240303", "c")).isEqualTo(1);
            assertThat(add(p, 6, "20240301", "d")).isEqualTo(1);
            p.refreshNow();
            assertThat(counts(p)).containsExactly(Map.entry("20240303", 1), Map.entry("20240302", 1),
                    Map.entry("20240301", 2));
        }
    }

    @Test
    void aRecordAtOrBelowTheNewestAppliedIsARepeatAndSkippedWhole() throws IOException {
        try (DayPartitions p = open()) {
            assertThat(add(p, 7, "20240301", "a", "20240302", "b")).isEqualTo(2);
            assertThat(add(p, 7, "20240301", "a", "20240302", "b")).as("the same record again").isZero();
            assertThat(add(p, 3, "20240303", "c")).as("an older record").isZero();
            assertThat(add(p, 8, "20240301", "d")).isEqualTo(1);
            p.refreshNow();
            assertThat(counts(p)).containsExactly(Map.entry("20240302", 1), Map.entry("20240301", 2));
        }
    }

    @Test
    void dropBeforeDeletesWholeDaysAndIgnoresTheirDocumentsFromThenOn() throws IOException {
        try (DayPartitions p = open()) {
            add(p, 1, "20240301", "a", "20240302", "b", "20240303", "c");
            p.commit(1);
            assertThat(p.dropBefore("20240301")).isEmpty();
            assertThat(p.dropBefore("20240303")).containsExactly("20240301", "20240302");
            assertThat(p.days()).containsExactly("20240303");
            assertThat(dir.resolve("20240301")).doesNotExist();
            assertThat(dir.resolve("20240302")).doesNotExist();
            assertThat(add(p, 2, "20240302", "late", "20240303", "d", "20240304", "e")).isEqualTo(2);
            assertThat(p.days()).containsExactly("20240303", "20240304");
            p.refreshNow();
            assertThat(counts(p)).containsExactly(Map.entry("20240304", 1), Map.entry("20240303", 2));
        }
        try (DayPartitions p = open()) {
            assertThat(add(p, 3, "20240301", "a")).as("a reopened store has no cut-off until told").isEqualTo(1);
        }
    }

    @Test
    void searchesGoInDayOrderOverTheDaysAskedForAndStopWhenTold() throws IOException {
        try (DayPartitions p = open()) {
            add(p, 1, "20240301", "x", "20240302", "x", "20240303", "y", "20240304", "x");
            p.refreshNow();
            List<String> seen = new ArrayList<>();
            p.search(day -> !day.equals("20240302"), false, (day, s) -> {
                seen.add(day);
                return true;
            });
            assertThat(seen).containsExactly("20240301", "20240303", "20240304");
            seen.clear();
            p.search(day -> true, true, (day, s) -> {
                seen.add(day);
                return s.count(new TermQuery(new Term("text", "y"))) == 0;
            });
            assertThat(seen).as("stops after the day that said so").containsExactly("20240304", "20240303");
            assertThatThrownBy(() -> p.search(day -> true, true, (day, s) -> {
                throw new Exception("the search's own error on " + day);
            })).hasMessage("the search's own error on 20240304");
        }
    }

    @Test
    void eachPartitionGetsAFreshConfigFromTheStoreAndTheHooksRunAtOpen() throws IOException {
        AtomicInteger configs = new AtomicInteger();
        AtomicInteger warmUps = new AtomicInteger();
        List<Path> offered = new ArrayList<>();
        PartitionOptions options = PartitionOptions.of("test", NO_AUTO_REFRESH, () -> {
            configs.incrementAndGet();
            return new IndexWriterConfig().setRAMBufferSizeMB(32).setCommitOnClose(true);
        }).withFolders(d -> {
            offered.add(d);
            return !d.getFileName().toString().equals("20240302");
        }).withWarmUp(warmUps::incrementAndGet);
        try (DayPartitions p = DayPartitions.open(dir, options)) {
            assertThat(warmUps).hasValue(1);
            add(p, 1, "20240301", "a", "20240302", "b");
            assertThat(configs).hasValue(2);
            p.commit(1);
            add(p, 2, "20240301", "uncommitted");
        }
        try (DayPartitions p = DayPartitions.open(dir, options)) {
            assertThat(offered).extracting(d -> d.getFileName().toString())
                    .containsExactlyInAnyOrder("20240301", "20240302");
            assertThat(p.days()).as("the folder the filter refused").containsExactly("20240301");
            p.refreshNow();
            assertThat(counts(p)).as("commit-on-close is off whatever the config says")
                    .containsExactly(Map.entry("20240301", 1));
        }
    }

    @Test
    void aFailedWarmUpClosesWhatItOpened() throws IOException {
        try (DayPartitions p = open()) {
            add(p, 1, "20240301", "a");
            p.commit(1);
        }
        PartitionOptions failing = PartitionOptions.of("test", NO_AUTO_REFRESH, IndexWriterConfig::new)
                .withWarmUp(() -> {
                    throw new IOException("no warm-up today");
                });
        assertThatThrownBy(() -> DayPartitions.open(dir, failing)).hasMessage("no warm-up today");
        try (DayPartitions p = open()) { // the index's write lock was released
            p.refreshNow();
            assertThat(counts(p)).containsExactly(Map.entry("20240301", 1));
        }
    }

    @Test
    void dropWaitsForASearchInProgress() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2); // not the common pool: it may have one thread
        try (DayPartitions p = open()) {
            add(p, 1, "20240301", "a", "20240302", "b");
            p.refreshNow();
            CountDownLatch searching = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> search = CompletableFuture.runAsync(() -> {
                try {
                    p.search(day -> day.equals("20240301"), true, (day, s) -> {
                        searching.countDown();
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                        assertThat(s.count(new MatchAllDocsQuery())).as("still open while searched").isEqualTo(1);
                        return true;
                    });
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            assertThat(searching.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<List<String>> drop = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.dropBefore("20240302");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            // The drop cannot finish while the search holds the read side; the folder stays until it does.
            assertThatThrownBy(() -> drop.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(dir.resolve("20240301")).isDirectory();
            release.countDown();
            search.get(10, TimeUnit.SECONDS);
            assertThat(drop.get(10, TimeUnit.SECONDS)).containsExactly("20240301");
            assertThat(dir.resolve("20240301")).doesNotExist();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aRetentionCheckWithNothingToDropDoesNotWaitForASearch() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2); // not the common pool: it may have one thread
        try (DayPartitions p = open()) {
            add(p, 1, "20240302", "a");
            p.refreshNow();
            CountDownLatch searching = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> search = CompletableFuture.runAsync(() -> {
                try {
                    p.search(day -> true, true, (day, s) -> {
                        searching.countDown();
                        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                        return true;
                    });
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            try {
                assertThat(searching.await(10, TimeUnit.SECONDS)).isTrue();
                // Returns while the search still holds the read side: no write lock was asked for.
                CompletableFuture<List<String>> drop = CompletableFuture.supplyAsync(() -> {
                    try {
                        return p.dropBefore("20240302");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, threads);
                assertThat(drop.get(5, TimeUnit.SECONDS)).isEmpty();
                assertThat(add(p, 2, "20240301", "late")).as("the new cut-off holds at once").isZero();
            } finally {
                release.countDown();
            }
            search.get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void closeIsIdempotentAndRefusesLaterApplies() throws IOException {
        DayPartitions p = open();
        add(p, 1, "20240301", "a");
        p.close();
        p.close();
        assertThat(p.days()).isEmpty();
        assertThatThrownBy(() -> add(p, 2, "20240301", "b")).isInstanceOf(IOException.class)
                .hasMessageContaining("test partitions under " + dir + " are closed");
        assertThat(counts(p)).isEmpty();
    }

    @Test
    void optionsNameTheBadValue() {
        assertThatThrownBy(() -> PartitionOptions.of(" ", 1, IndexWriterConfig::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\" \"");
        assertThatThrownBy(() -> PartitionOptions.of("x", 0, IndexWriterConfig::new))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
