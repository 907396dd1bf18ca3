package dev.sightline.storage.partition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/**
 * One day's Lucene index: its writer, its refreshed searchers, and the last WAL LSN its newest commit holds
 * (commit data key {@value #LSN_KEY}; -1 for a new index or one committed without it).
 */
final class DayPartition implements AutoCloseable {
    /** The commit data key holding the last WAL LSN a commit contains (unchanged since format 1). */
    static final String LSN_KEY = "sightline.wal_lsn";

    final String day;
    final Path dir;
    final IndexWriter writer;
    final SearcherManager searchers;
    private final FSDirectory directory;
    private volatile long committedLsn;

    private DayPartition(String day, Path dir, FSDirectory directory, IndexWriter writer, SearcherManager searchers,
            long committedLsn) {
        this.day = day;
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.committedLsn = committedLsn;
    }

    /**
     * Opens or creates the index of {@code day} in {@code dir}. The config is the store's own (codec, RAM buffer);
     * nothing is committed on close and an existing index is appended to, whatever the config said.
     */
    static DayPartition open(String day, Path dir, IndexWriterConfig config) throws IOException {
        Files.createDirectories(dir);
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = null;
        try {
            writer = new IndexWriter(directory, config.setCommitOnClose(false)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
            long lsn = -1;
            if (DirectoryReader.indexExists(directory)) {
                Map<String, String> data = DirectoryReader.listCommits(directory).getLast().getUserData();
                lsn = Long.parseLong(data.getOrDefault(LSN_KEY, "-1"));
            }
            return new DayPartition(day, dir, directory, writer, new SearcherManager(writer, null), lsn);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            directory.close();
            throw e;
        }
    }

    /** Whether this partition's last commit already holds record {@code lsn} (a replay after a crash). */
    boolean holds(long lsn) {
        return lsn <= committedLsn;
    }

    void add(Document doc) throws IOException {
        writer.addDocument(doc);
    }

    /** Commits with {@code throughLsn} as the commit's LSN, when anything changed since the last commit. */
    void commit(long throughLsn) throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.setLiveCommitData(Map.of(LSN_KEY, Long.toString(throughLsn)).entrySet());
            writer.commit();
            committedLsn = throughLsn;
        }
    }

    /** Closes searchers and writer; what was not committed is rolled back (the WAL replays it). */
    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.rollback();
        } finally {
            directory.close();
        }
    }
}
