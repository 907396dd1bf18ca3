package dev.sightline.storage.write;

import dev.sightline.storage.testing.InMemoryRecordLog;
import dev.sightline.storage.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** {@link RecordLogContract} against each implementation. */
class RecordLogTest {
    @Nested
    class OnWriteAheadLog extends RecordLogContract {
        /** Small segments, so that records span several and deleteThrough has segments to delete. */
        private static final long SEGMENT_BYTES = 100;

        @TempDir
        Path dir;

        @Override
        RecordLog open() throws IOException {
            return WriteAheadLog.open(dir, SEGMENT_BYTES);
        }

        @Override
        RecordLog openAnother(RecordLog log) throws IOException {
            return WriteAheadLog.open(dir, SEGMENT_BYTES);
        }
    }

    @Nested
    class OnInMemoryLog extends RecordLogContract {
        @Override
        RecordLog open() {
            return new InMemoryRecordLog();
        }

        @Override
        RecordLog openAnother(RecordLog log) {
            return ((InMemoryRecordLog) log).reopen();
        }
    }
}
