package dev.sightline.storage.logs;

import java.nio.ByteBuffer;
import java.util.Base64;

/**
 * Where a page of results stopped: the sort key of its last record (time, LSN, ordinal), unique per record,
 * so the next page starts exactly after it even when many records share a timestamp. Opaque to clients.
 */
public record LogCursor(long time, long lsn, long ordinal) {
    private static final byte VERSION = 1;

    /** The cursor as URL-safe text. */
    public String encode() {
        ByteBuffer b = ByteBuffer.allocate(25).put(VERSION).putLong(time).putLong(lsn).putLong(ordinal);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Parses {@link #encode()}'s text. */
    public static LogCursor decode(String text) throws LogQueryException {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 25 || raw[0] != VERSION) {
            throw new LogQueryException("malformed cursor \"" + (text.length() > 64 ? text.substring(0, 64) + "…" : text)
                    + "\": pass back the nextCursor of a previous page");
        }
        ByteBuffer b = ByteBuffer.wrap(raw, 1, 24);
        return new LogCursor(b.getLong(), b.getLong(), b.getLong());
    }

    /** Order of records in ascending sort order. */
    int compareTo(LogCursor o) {
        int c = Long.compare(time, o.time);
        if (c == 0) {
            c = Long.compare(lsn, o.lsn);
        }
        return c != 0 ? c : Long.compare(ordinal, o.ordinal);
    }
}
