package dev.sightline.storage.wal;

import dev.sightline.storage.files.AtomicFile;
import dev.sightline.storage.files.FileFormatException;
import dev.sightline.storage.write.RecordLog;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The {@link RecordLog} on local disk: an append-only log of typed records in segment files, with explicit syncs
 * so that callers can group many appends into one fsync. An LSN is the byte offset of a record's frame in the log
 * as a whole (segment base LSN + offset in the segment).
 *
 * <p>Crash policy: {@link #sync()} forces the segment's data to disk; only synced records may be acknowledged.
 * On {@link #open}, the last segment is scanned and a torn tail (a short frame, a length past the end of the
 * file, a checksum mismatch) is cut off at the start of the first bad record: those bytes were never synced,
 * so no acknowledged record is lost. The same damage in any earlier segment, which was fully synced before the
 * next one was created, is corruption and fails {@link #open} with a {@link CorruptWalException}.
 *
 * <p>Thread-safety: all methods may be called from any thread; appends are serialised by a lock.
 */
public final class WriteAheadLog implements RecordLog {
    private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());
    private static final byte[] NO_BODY = new byte[0];
    private static final long[] NO_LSNS = new long[0];

    private final Path dir;
    private final long segmentBytes;
    private final ReentrantLock lock = new ReentrantLock();
    /** Segment base LSN → file, for every segment still on disk. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    private FileChannel current;
    private long currentBase;
    /** LSN the next append gets; equals currentBase + bytes in the current segment (including buffered). */
    private long nextLsn;
    private long syncedLsn;
    /** LSNs of the records appended since the last sync, in order: {@link #sync} returns them. */
    private long[] unsyncedLsns = new long[64];
    private int unsyncedCount;
    private boolean closed;

    private WriteAheadLog(Path dir, long segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Opens (or creates) the log in {@code dir}, repairing a torn tail in the last segment.
     *
     * @param segmentBytes the size after which a new segment is started
     */
    public static WriteAheadLog open(Path dir, long segmentBytes) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog wal = new WriteAheadLog(dir, segmentBytes);
        try {
            wal.recover();
        } catch (IOException | RuntimeException e) {
            wal.close();
            throw e;
        }
        return wal;
    }

    private void recover() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(WalFormat.SEGMENT_SUFFIX)) {
                    String digits = name.substring(0, name.length() - WalFormat.SEGMENT_SUFFIX.length());
                    try {
                        segments.put(Long.parseLong(digits), p);
                    } catch (NumberFormatException e) {
                        throw new CorruptWalException(p, 0, "segment name is not a 20-digit LSN");
                    }
                }
            }
        }
        if (segments.isEmpty()) {
            startSegment(0);
            return;
        }
        long lastBase = segments.lastKey();
        // Earlier segments were fully synced before the next one was created: any damage there is corruption.
        for (var e : segments.headMap(lastBase).entrySet()) {
            long segEnd = scan(e.getKey(), e.getValue(), Long.MIN_VALUE, null, false);
            long nextBase = segments.higherKey(e.getKey());
            if (e.getKey() + segEnd != nextBase) {
                throw new CorruptWalException(e.getValue(), segEnd, "segment ends at LSN " + (e.getKey() + segEnd)
                        + " but the next segment starts at LSN " + nextBase);
            }
        }
        Path last = segments.get(lastBase);
        long end;
        try {
            end = scan(lastBase, last, Long.MIN_VALUE, null, true);
        } catch (TornHeaderException e) {
            // The crash came while the segment was being created: it holds no record.
            LOG.warning(() -> "removing WAL segment with an incomplete header: " + last);
            Files.delete(last);
            segments.remove(lastBase);
            startSegment(lastBase);
            return;
        }
        current = FileChannel.open(last, StandardOpenOption.WRITE, StandardOpenOption.READ);
        if (current.size() > end) {
            long cut = current.size() - end;
            LOG.warning(() -> "cutting a torn tail of " + cut + " bytes from WAL segment " + last + " at offset " + end);
            current.truncate(end);
            current.force(true);
        }
        current.position(end);
        currentBase = lastBase;
        nextLsn = lastBase + end;
        syncedLsn = nextLsn;
    }

    private void startSegment(long base) throws IOException {
        Path p = dir.resolve(WalFormat.segmentName(base));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        ByteBuffer header = WalFormat.SEGMENT.encode(base, NO_BODY);
        while (header.hasRemaining()) {
            ch.write(header);
        }
        ch.force(true);
        AtomicFile.syncDirectory(dir);
        if (current != null) {
            current.close();
        }
        current = ch;
        currentBase = base;
        segments.put(base, p);
        nextLsn = base + WalFormat.HEADER_BYTES;
        syncedLsn = nextLsn;
    }

    /** Appends a record to the buffer. It is durable only after a later {@link #sync()} returns. */
    @Override
    public void append(byte type, byte[] payload) throws IOException {
        if (payload.length > WalFormat.MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("WAL record of " + payload.length + " bytes exceeds the maximum of "
                    + WalFormat.MAX_PAYLOAD_BYTES);
        }
        lock.lock();
        try {
            ensureOpen();
            long lsn = nextLsn;
            int frame = WalFormat.FRAME_BYTES + payload.length;
            if (buffer.remaining() < WalFormat.FRAME_BYTES) {
                flushBuffer();
            }
            buffer.putInt(payload.length).putInt(WalFormat.recordCrc(type, payload)).put(type);
            int off = 0;
            while (off < payload.length) {
                if (!buffer.hasRemaining()) {
                    flushBuffer();
                }
                int n = Math.min(buffer.remaining(), payload.length - off);
                buffer.put(payload, off, n);
                off += n;
            }
            nextLsn += frame;
            if (unsyncedCount == unsyncedLsns.length) {
                unsyncedLsns = Arrays.copyOf(unsyncedLsns, unsyncedCount * 2);
            }
            unsyncedLsns[unsyncedCount++] = lsn;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes buffered records and forces them to disk; then starts a new segment if this one is full.
     *
     * @return the LSNs of the records appended since the last sync, in order
     */
    @Override
    public long[] sync() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            if (syncedLsn == nextLsn) {
                return NO_LSNS;
            }
            flushBuffer();
            current.force(false);
            syncedLsn = nextLsn;
            long[] synced = Arrays.copyOf(unsyncedLsns, unsyncedCount);
            unsyncedCount = 0;
            if (nextLsn - currentBase >= segmentBytes) {
                startSegment(nextLsn);
            }
            return synced;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops what was appended since the last {@link #sync()}: used when a write failed half-way, so that the
     * failed records (whose callers are told they failed) never come back on replay.
     */
    @Override
    public void discardUnsynced() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            buffer.clear();
            unsyncedCount = 0;
            long keep = syncedLsn - currentBase;
            if (current.size() > keep) {
                current.truncate(keep);
            }
            current.position(keep);
            nextLsn = syncedLsn;
        } finally {
            lock.unlock();
        }
    }

    private void flushBuffer() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            current.write(buffer);
        }
        buffer.clear();
    }

    /** The LSN of the next record to be appended. */
    public long nextLsn() {
        lock.lock();
        try {
            return nextLsn;
        } finally {
            lock.unlock();
        }
    }

    /** Visits, in order, every synced record whose LSN is greater than {@code afterLsn}. */
    @Override
    public void replay(long afterLsn, Visitor visitor) throws IOException {
        List<java.util.Map.Entry<Long, Path>> todo;
        long synced;
        lock.lock();
        try {
            ensureOpen();
            synced = syncedLsn;
            todo = new ArrayList<>(segments.entrySet());
        } finally {
            lock.unlock();
        }
        // Records at or past syncedLsn were not synced (and may yet be discarded): they are not visited.
        Visitor syncedOnly = rec -> {
            if (rec.lsn() < synced) {
                visitor.visit(rec);
            }
        };
        for (int i = 0; i < todo.size(); i++) {
            long base = todo.get(i).getKey();
            boolean hasNext = i + 1 < todo.size();
            if (hasNext && todo.get(i + 1).getKey() <= afterLsn) {
                continue; // every record of this segment is at or before afterLsn
            }
            scan(base, todo.get(i).getValue(), afterLsn, syncedOnly, !hasNext);
        }
    }

    /**
     * Deletes the segments whose records all lie at or before {@code checkpointLsn}. The segment being written
     * is never deleted.
     */
    @Override
    public void deleteThrough(long checkpointLsn) throws IOException {
        lock.lock();
        try {
            List<Long> bases = new ArrayList<>(segments.keySet());
            for (int i = 0; i + 1 < bases.size(); i++) {
                if (bases.get(i + 1) <= checkpointLsn + 1) {
                    Files.deleteIfExists(segments.remove(bases.get(i)));
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The LSN of the last checkpoint, or {@link RecordLog#NONE}. */
    @Override
    public long readCheckpoint() throws IOException {
        return WalCheckpoint.read(dir);
    }

    /** Writes the checkpoint file ({@link WalCheckpoint}); segments are deleted by {@link #deleteThrough}. */
    @Override
    public void writeCheckpoint(long lsn) throws IOException {
        WalCheckpoint.write(dir, lsn);
    }

    /** The number of segment files on disk. */
    public int segmentCount() {
        lock.lock();
        try {
            return segments.size();
        } finally {
            lock.unlock();
        }
    }

    /** Total bytes of the segment files on disk, including what is buffered. */
    public long diskBytes() {
        lock.lock();
        try {
            long total = 0;
            for (Path p : segments.values()) {
                total += Files.exists(p) ? Files.size(p) : 0;
            }
            return total + buffer.position();
        } catch (IOException e) {
            return -1;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads records of one segment. Returns the offset just past the last valid record. In the last segment
     * ({@code tolerateTail}) the first bad frame ends the scan; elsewhere it is corruption.
     */
    private long scan(long base, Path file, long afterLsn, Visitor visitor, boolean tolerateTail)
            throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < WalFormat.HEADER_BYTES) {
                if (tolerateTail) {
                    throw new TornHeaderException();
                }
                throw new CorruptWalException(file, 0, "file of " + size + " bytes is shorter than a segment header");
            }
            ByteBuffer header = ByteBuffer.allocate(WalFormat.HEADER_BYTES);
            readFully(ch, header, 0);
            header.flip();
            long declared;
            try {
                declared = WalFormat.SEGMENT.decode(file, header).value();
            } catch (FileFormatException e) {
                // Records are only written after the header was synced, so a bad header followed by data is
                // corruption, not a crash during segment creation.
                if (tolerateTail && size == WalFormat.HEADER_BYTES) {
                    throw new TornHeaderException();
                }
                throw new CorruptWalException(file, 0, e.reason());
            }
            if (declared != base) {
                throw new CorruptWalException(file, 0, "header says base LSN " + declared + " but the name says " + base);
            }
            long pos = WalFormat.HEADER_BYTES;
            ByteBuffer frame = ByteBuffer.allocate(WalFormat.FRAME_BYTES);
            while (pos < size) {
                String bad = null;
                if (size - pos < WalFormat.FRAME_BYTES) {
                    bad = "short frame header";
                } else {
                    frame.clear();
                    readFully(ch, frame, pos);
                    frame.flip();
                    int len = frame.getInt();
                    int crc = frame.getInt();
                    byte type = frame.get();
                    if (len < 0 || len > WalFormat.MAX_PAYLOAD_BYTES) {
                        bad = "record length " + len + " out of range";
                    } else if (pos + WalFormat.FRAME_BYTES + len > size) {
                        bad = "record of " + len + " bytes runs past the end of the file";
                    } else {
                        long lsn = base + pos;
                        boolean wanted = visitor != null && lsn > afterLsn;
                        // The payload is read even when not wanted, to check it: a bad checksum ends the log here.
                        byte[] payload = new byte[len];
                        readFully(ch, ByteBuffer.wrap(payload), pos + WalFormat.FRAME_BYTES);
                        if (WalFormat.recordCrc(type, payload) != crc) {
                            bad = "checksum mismatch";
                        } else {
                            if (wanted) {
                                visitor.visit(new Entry(lsn, type, payload));
                            }
                            pos += WalFormat.FRAME_BYTES + len;
                            continue;
                        }
                    }
                }
                if (tolerateTail) {
                    return pos;
                }
                throw new CorruptWalException(file, pos, bad);
            }
            return pos;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new EOFException();
            }
            p += n;
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("write-ahead log in " + dir + " is closed");
        }
    }

    /** Syncs what was appended and closes the current segment. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (current != null) {
                try {
                    sync();
                } finally {
                    closed = true;
                    current.close();
                }
            }
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private static final class TornHeaderException extends IOException {
        TornHeaderException() {
            super("torn segment header");
        }
    }
}
