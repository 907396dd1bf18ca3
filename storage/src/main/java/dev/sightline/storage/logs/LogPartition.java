package dev.sightline.storage.logs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;

/** One day's Lucene index: writer, refreshed searchers, and the last WAL LSN its commit holds. */
final class LogPartition implements AutoCloseable {
    static final String LSN_KEY = "sightline.wal_lsn";

    final String day;
    final long startNanos;
    final Path dir;
    final FSDirectory directory;
    final IndexWriter writer;
    final SearcherManager searchers;
    volatile long committedLsn;

    private LogPartition(String day, long startNanos, Path dir, FSDirectory directory, IndexWriter writer,
            SearcherManager searchers, long committedLsn) {
        this.day = day;
        this.startNanos = startNanos;
        this.dir = dir;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.committedLsn = committedLsn;
    }

    /** Opens or creates the partition of {@code day} ({@code yyyyMMdd}) in {@code dir}. */
    static LogPartition open(String day, long startNanos, Path dir) throws IOException {
        Files.createDirectories(dir);
        FSDirectory directory = FSDirectory.open(dir);
        IndexWriter writer = null;
        try {
            IndexWriterConfig config = new IndexWriterConfig()
                    .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_COMPRESSION))
                    .setRAMBufferSizeMB(32)
                    .setCommitOnClose(false)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            writer = new IndexWriter(directory, config);
            long lsn = -1;
            if (DirectoryReader.indexExists(directory)) {
                Map<String, String> data = DirectoryReader.listCommits(directory).getLast().getUserData();
                lsn = Long.parseLong(data.getOrDefault(LSN_KEY, "-1"));
            }
            return new LogPartition(day, startNanos, dir, directory, writer, new SearcherManager(writer, null), lsn);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            directory.close();
            throw e;
        }
    }

    /** Nanoseconds after the day's last one. */
    long endNanos() {
        return startNanos + 86_400_000_000_000L;
    }

    boolean overlaps(long start, long endExclusive) {
        return startNanos < endExclusive && start < endNanos();
    }

    void commit(long throughLsn) throws IOException {
        if (writer.hasUncommittedChanges()) {
            writer.setLiveCommitData(Map.of(LSN_KEY, Long.toString(throughLsn)).entrySet());
            writer.commit();
            committedLsn = throughLsn;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            searchers.close();
            writer.rollback(); // what was not committed is replayed from the WAL
        } finally {
            directory.close();
        }
    }
}
