package dev.sightline.storage.logs;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;

/**
 * Where each log record's protobuf lies in the encoding of an {@code ExportLogsServiceRequest}, in the order a
 * parser meets them: the {@code i}-th slice is the {@code i}-th record of the parsed request. Blocks copy these
 * bytes instead of encoding the parsed records again, which walks every string of every record twice (once to
 * size it, once to write it); the payload is the write-ahead log's record, which is exactly what was parsed.
 *
 * <p>Only the tags the parser reads as records are followed (request field 1, ResourceLogs; its field 2,
 * ScopeLogs; its field 2, LogRecord; each length-delimited); everything else is skipped as the parser keeps
 * unknown fields. Repeated fields keep their order on the wire, whatever lies between their elements.
 */
final class LogRecordSlices {
    private static final int RESOURCE_LOGS = tag(1);
    private static final int SCOPE_LOGS = tag(2);
    private static final int LOG_RECORD = tag(2);

    private final byte[] payload;
    /** Offset of record {@code i} at {@code 2i}, its length at {@code 2i + 1}. */
    private final int[] slices;
    private final int count;

    private LogRecordSlices(byte[] payload, int[] slices, int count) {
        this.payload = payload;
        this.slices = slices;
        this.count = count;
    }

    /**
     * The records' slices of {@code payload}, or null where it does not hold exactly {@code expected} records or
     * does not parse (the caller then encodes the parsed records itself).
     */
    static LogRecordSlices of(byte[] payload, int expected) {
        if (payload == null) {
            return null;
        }
        int[] slices = new int[2 * expected];
        int n = 0;
        try {
            CodedInputStream in = CodedInputStream.newInstance(payload);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag != RESOURCE_LOGS) {
                    in.skipField(tag);
                    continue;
                }
                int resourceEnd = in.pushLimit(in.readRawVarint32());
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t != SCOPE_LOGS) {
                        in.skipField(t);
                        continue;
                    }
                    int scopeEnd = in.pushLimit(in.readRawVarint32());
                    for (int r = in.readTag(); r != 0; r = in.readTag()) {
                        if (r != LOG_RECORD) {
                            in.skipField(r);
                            continue;
                        }
                        int length = in.readRawVarint32();
                        if (n == expected) {
                            return null;
                        }
                        slices[2 * n] = in.getTotalBytesRead();
                        slices[2 * n + 1] = length;
                        n++;
                        in.skipRawBytes(length);
                    }
                    in.popLimit(scopeEnd);
                }
                in.popLimit(resourceEnd);
            }
        } catch (IOException e) {
            return null;
        }
        return n == expected ? new LogRecordSlices(payload, slices, n) : null;
    }

    private static int tag(int field) {
        return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    int size() {
        return count;
    }

    byte[] payload() {
        return payload;
    }

    int offset(int record) {
        return slices[2 * record];
    }

    int length(int record) {
        return slices[2 * record + 1];
    }

    @Override
    public String toString() {
        return "LogRecordSlices" + Arrays.toString(Arrays.copyOf(slices, 2 * count));
    }
}
