package dev.sightline.storage.testing;

import dev.sightline.storage.write.RecordLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link RecordLog} in memory: the second implementation of the seam, for tests in any module (it ships in
 * storage's test-jar). Shaped like a Kafka partition rather than the WAL: LSNs are dense offsets 0, 1, 2, … and a
 * record gets its LSN only when it is synced. What a crash would keep, the synced records and the checkpoint, lives
 * in a store shared with every instance {@link #reopen}ed from this one; unsynced appends belong to one instance.
 * Thread-safe: one lock, shared by the instances over the same store.
 */
public final class InMemoryRecordLog implements RecordLog {
    /** What would be on disk, or in the broker. */
    private static final class Durable {
        final ReentrantLock lock = new ReentrantLock();
        final TreeMap<Long, Entry> records = new TreeMap<>();
        long nextLsn;
        long checkpoint = NONE;
    }

    private record Appended(byte type, byte[] payload) {
    }

    private final Durable durable;
    private final List<Appended> unsynced = new ArrayList<>();
    private boolean closed;

    public InMemoryRecordLog() {
        this(new Durable());
    }

    private InMemoryRecordLog(Durable durable) {
        this.durable = durable;
    }

    /**
     * Another instance over what this one made durable, as a process starting after a crash would find it: synced
     * records and the checkpoint, none of this instance's unsynced appends. This instance stays open.
     */
    public InMemoryRecordLog reopen() {
        return new InMemoryRecordLog(durable);
    }

    @Override
    public void append(byte type, byte[] payload) throws IOException {
        durable.lock.lock();
        try {
            ensureOpen();
            unsynced.add(new Appended(type, payload.clone()));
        } finally {
            durable.lock.unlock();
        }
    }

    @Override
    public long[] sync() throws IOException {
        durable.lock.lock();
        try {
            ensureOpen();
            long[] lsns = new long[unsynced.size()];
            for (int i = 0; i < lsns.length; i++) {
                long lsn = durable.nextLsn++;
                durable.records.put(lsn, new Entry(lsn, unsynced.get(i).type(), unsynced.get(i).payload()));
                lsns[i] = lsn;
            }
            unsynced.clear();
            return lsns;
        } finally {
            durable.lock.unlock();
        }
    }

    @Override
    public void discardUnsynced() throws IOException {
        durable.lock.lock();
        try {
            ensureOpen();
            unsynced.clear();
        } finally {
            durable.lock.unlock();
        }
    }

    @Override
    public void replay(long afterLsn, Visitor visitor) throws IOException {
        List<Entry> todo;
        durable.lock.lock();
        try {
            ensureOpen();
            todo = new ArrayList<>(durable.records.tailMap(afterLsn, false).values());
        } finally {
            durable.lock.unlock();
        }
        for (Entry e : todo) {
            visitor.visit(new Entry(e.lsn(), e.type(), e.payload().clone()));
        }
    }

    @Override
    public long readCheckpoint() throws IOException {
        durable.lock.lock();
        try {
            ensureOpen();
            return durable.checkpoint;
        } finally {
            durable.lock.unlock();
        }
    }

    @Override
    public void writeCheckpoint(long lsn) throws IOException {
        durable.lock.lock();
        try {
            ensureOpen();
            durable.checkpoint = lsn;
        } finally {
            durable.lock.unlock();
        }
    }

    @Override
    public void deleteThrough(long lsn) throws IOException {
        durable.lock.lock();
        try {
            ensureOpen();
            durable.records.headMap(lsn, true).clear();
        } finally {
            durable.lock.unlock();
        }
    }

    /** Records held (synced and not yet deleted). */
    public int size() {
        durable.lock.lock();
        try {
            return durable.records.size();
        } finally {
            durable.lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        durable.lock.lock();
        try {
            if (!closed) {
                sync();
                closed = true;
            }
        } finally {
            durable.lock.unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("in-memory record log is closed");
        }
    }
}
