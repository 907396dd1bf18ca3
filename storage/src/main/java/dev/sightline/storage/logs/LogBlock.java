package dev.sightline.storage.logs;

import com.github.luben.zstd.Zstd;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.airlift.compress.MalformedInputException;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one block: one resource's records of one WAL record on one day, sorted by (time, ordinal),
 * as decoded from the block document's stored payload (docs/format/log-index.md). Times, ordinals and scopes are
 * decoded at once; each record's protobuf is parsed only when asked for. Not thread-safe (records are parsed
 * lazily); one query owns it.
 */
final class LogBlock {
    static final int FORMAT = 1;
    /** zstd's level for payloads; frames carry their content size, which {@link #decode} reads first. */
    private static final int ZSTD_LEVEL = 1;
    /**
     * Largest decompressed block read: the largest array Java allocates. Blocks stop taking records past
     * {@link LogIndex#MAX_BLOCK_BYTES}, so only one record larger than the request size limit allows could reach it.
     */
    static final int MAX_PLAIN_BYTES = Integer.MAX_VALUE - 16;

    private final long lsn;
    private final Resource resource;
    private final String resourceSchemaUrl;
    private final InstrumentationScope[] scopes;
    private final String[] scopeSchemaUrls;
    private final long[] times;
    private final int[] ordinals;
    private final int[] scopeOf;
    private final byte[] data;
    private final int[] offsets;
    private final LogRecord[] parsed;

    private LogBlock(long lsn, Resource resource, String resourceSchemaUrl, InstrumentationScope[] scopes,
            String[] scopeSchemaUrls, long[] times, int[] ordinals, int[] scopeOf, byte[] data, int[] offsets) {
        this.lsn = lsn;
        this.resource = resource;
        this.resourceSchemaUrl = resourceSchemaUrl;
        this.scopes = scopes;
        this.scopeSchemaUrls = scopeSchemaUrls;
        this.times = times;
        this.ordinals = ordinals;
        this.scopeOf = scopeOf;
        this.data = data;
        this.offsets = offsets;
        this.parsed = new LogRecord[times.length];
    }

    int size() {
        return times.length;
    }

    long lsn() {
        return lsn;
    }

    Resource resource() {
        return resource;
    }

    long time(int i) {
        return times[i];
    }

    int ordinal(int i) {
        return ordinals[i];
    }

    /** Index of the first record whose time is at or after {@code t} (records are in time order). */
    int firstAtOrAfter(long t) {
        int lo = 0;
        int hi = times.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    LogCursor key(int i) {
        return new LogCursor(times[i], lsn, ordinals[i]);
    }

    LogRecord record(int i) {
        LogRecord r = parsed[i];
        if (r == null) {
            try {
                r = LogRecord.parseFrom(CodedInputStream.newInstance(data, offsets[i], offsets[i + 1] - offsets[i]));
            } catch (IOException e) {
                throw new CorruptBlockException("log block of WAL record " + lsn + ": record " + i
                        + " does not parse: " + e.getMessage());
            }
            parsed[i] = r;
        }
        return r;
    }

    /** Record {@code i} with its resource and scope. */
    StoredLog stored(int i) {
        return new StoredLog(resource, resourceSchemaUrl, scopes[scopeOf[i]], scopeSchemaUrls[scopeOf[i]], record(i),
                times[i]);
    }

    /** A block payload that does not decode: the index is damaged. */
    static final class CorruptBlockException extends RuntimeException {
        CorruptBlockException(String message) {
            super(message);
        }
    }

    /** Decodes a stored payload: {@code u8 format | zstd frame of the block}. */
    static LogBlock decode(byte[] bytes, int offset, int length) {
        if (length < 1 || bytes[offset] != FORMAT) {
            throw new CorruptBlockException("log block format " + (length < 1 ? "(empty)" : bytes[offset])
                    + " is not one this version reads (" + FORMAT + ")");
        }
        byte[] plain;
        try {
            long size = ZstdDecompressor.getDecompressedSize(bytes, offset + 1, length - 1);
            if (size < 0 || size > MAX_PLAIN_BYTES) {
                throw new CorruptBlockException("log block says it holds " + size + " bytes; at most "
                        + MAX_PLAIN_BYTES + " are read");
            }
            plain = new byte[(int) size];
            new ZstdDecompressor().decompress(bytes, offset + 1, length - 1, plain, 0, plain.length);
        } catch (MalformedInputException e) {
            throw new CorruptBlockException("log block does not decompress: " + e.getMessage());
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(plain);
            long lsn = in.readUInt64();
            Resource resource = Resource.parseFrom(in.readBytes());
            String resourceSchemaUrl = in.readString();
            int nScopes = in.readUInt32();
            InstrumentationScope[] scopes = new InstrumentationScope[nScopes];
            String[] urls = new String[nScopes];
            for (int s = 0; s < nScopes; s++) {
                scopes[s] = InstrumentationScope.parseFrom(in.readBytes());
                urls[s] = in.readString();
            }
            int n = in.readUInt32();
            long[] times = new long[n];
            int[] ordinals = new int[n];
            int[] scopeOf = new int[n];
            int[] offsets = new int[n + 1];
            long t = 0;
            for (int i = 0; i < n; i++) {
                t += in.readSInt64();
                times[i] = t;
            }
            for (int i = 0; i < n; i++) {
                ordinals[i] = in.readUInt32();
            }
            for (int i = 0; i < n; i++) {
                scopeOf[i] = in.readUInt32();
                if (scopeOf[i] >= nScopes) {
                    throw new CorruptBlockException("log block of WAL record " + lsn + ": record " + i + " names scope "
                            + scopeOf[i] + " of " + nScopes);
                }
            }
            int pos = 0;
            for (int i = 0; i < n; i++) {
                offsets[i] = pos;
                pos += in.readUInt32();
            }
            offsets[n] = pos;
            byte[] data = in.readRawBytes(pos);
            return new LogBlock(lsn, resource, resourceSchemaUrl, scopes, urls, times, ordinals, scopeOf, data, offsets);
        } catch (IOException e) {
            throw new CorruptBlockException("log block does not decode: " + e.getMessage());
        }
    }

    /** Collects one block's records, then encodes them sorted by (time, ordinal). Not thread-safe. */
    static final class Builder {
        private final long lsn;
        private final Resource resource;
        private final String resourceSchemaUrl;
        /** The batch's records as received, copied rather than encoded again; null to encode the parsed ones. */
        private final LogRecordSlices raw;
        private final Map<ScopeKey, Integer> scopeIndex = new HashMap<>();
        private final List<ScopeKey> scopeList = new ArrayList<>();
        /** The records, in the order added until {@link #sort} puts them in the block's order. */
        private final List<Entry> entries = new ArrayList<>();
        private boolean sorted = true;

        private record ScopeKey(InstrumentationScope scope, String schemaUrl) {
        }

        /** A record, its ordinal in the batch, and its encoded size. */
        private record Entry(StoredLog log, int ordinal, int bytes) {
        }

        private static final java.util.Comparator<Entry> ORDER = java.util.Comparator
                .<Entry>comparingLong(e -> e.log().timeUnixNano()).thenComparingInt(Entry::ordinal);

        Builder(long lsn, Resource resource, String resourceSchemaUrl) {
            this(lsn, resource, resourceSchemaUrl, null);
        }

        /**
         * @param raw where each record of the batch lies in the bytes it was parsed from (record {@code i} of
         *     {@link LogRecordSlices} is the one of ordinal {@code i}), or null
         */
        Builder(long lsn, Resource resource, String resourceSchemaUrl, LogRecordSlices raw) {
            this.lsn = lsn;
            this.resource = resource;
            this.resourceSchemaUrl = resourceSchemaUrl;
            this.raw = raw;
        }

        void add(StoredLog log, int ordinal) {
            add(new Entry(log, ordinal, raw == null ? -1 : raw.length(ordinal)));
        }

        private void add(Entry e) {
            sorted &= entries.isEmpty() || ORDER.compare(entries.get(entries.size() - 1), e) <= 0;
            entries.add(e);
        }

        /** The size of a record's encoding: as received, else as the parsed record encodes (walks its strings). */
        private static int bytes(Entry e) {
            return e.bytes() >= 0 ? e.bytes() : e.log().record().getSerializedSize();
        }

        /**
         * This block cut, in the order its records were added, into blocks that stop taking records once past
         * {@code maxBytes} of protobuf encoding: usually just this one. Without the received bytes, sizing a record
         * walks all its strings, so it is done here, on the threads that build blocks, rather than while a batch is
         * split into blocks.
         */
        List<Builder> bySize(long maxBytes) {
            long total = 0;
            for (Entry e : entries) {
                total += bytes(e);
            }
            if (total <= maxBytes) {
                return List.of(this);
            }
            List<Builder> out = new ArrayList<>();
            Builder part = null;
            long bytes = 0;
            for (Entry e : entries) {
                if (part == null || bytes > maxBytes) {
                    part = new Builder(lsn, resource, resourceSchemaUrl, raw);
                    out.add(part);
                    bytes = 0;
                }
                part.add(e);
                bytes += bytes(e);
            }
            return out;
        }

        int size() {
            return entries.size();
        }

        /** The records added, in the block's order (time, then ordinal). */
        List<StoredLog> sorted() {
            sort();
            return entries.stream().map(Entry::log).toList();
        }

        /** The block's order: time, then ordinal (a batch's records mostly arrive in it already). */
        private void sort() {
            if (!sorted) {
                entries.sort(ORDER);
                sorted = true;
            }
        }

        long minTime() {
            sort();
            return entries.get(0).log().timeUnixNano();
        }

        long maxTime() {
            sort();
            return entries.get(entries.size() - 1).log().timeUnixNano();
        }

        byte[] encode() {
            sort();
            int n = entries.size();
            int[] scopes = new int[n];
            for (int i = 0; i < n; i++) {
                StoredLog l = entries.get(i).log();
                ScopeKey k = new ScopeKey(l.scope(), l.scopeSchemaUrl());
                Integer s = scopeIndex.get(k);
                if (s == null) {
                    s = scopeList.size();
                    scopeIndex.put(k, s);
                    scopeList.add(k);
                }
                scopes[i] = s;
            }
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + n * 256);
                CodedOutputStream out = CodedOutputStream.newInstance(bytes, 8192);
                out.writeUInt64NoTag(lsn);
                out.writeBytesNoTag(resource.toByteString());
                out.writeStringNoTag(resourceSchemaUrl);
                out.writeUInt32NoTag(scopeList.size());
                for (ScopeKey k : scopeList) {
                    out.writeBytesNoTag(k.scope().toByteString());
                    out.writeStringNoTag(k.schemaUrl());
                }
                out.writeUInt32NoTag(n);
                long prev = 0;
                for (Entry e : entries) {
                    out.writeSInt64NoTag(e.log().timeUnixNano() - prev);
                    prev = e.log().timeUnixNano();
                }
                for (Entry e : entries) {
                    out.writeUInt32NoTag(e.ordinal());
                }
                for (int s : scopes) {
                    out.writeUInt32NoTag(s);
                }
                for (Entry e : entries) {
                    out.writeUInt32NoTag(bytes(e));
                }
                for (Entry e : entries) {
                    if (e.bytes() >= 0) {
                        out.writeRawBytes(raw.payload(), raw.offset(e.ordinal()), e.bytes());
                    } else {
                        e.log().record().writeTo(out);
                    }
                }
                out.flush();
                byte[] plain = bytes.toByteArray();
                byte[] packed = new byte[1 + (int) Zstd.compressBound(plain.length)];
                packed[0] = FORMAT;
                long n2 = Zstd.compressByteArray(packed, 1, packed.length - 1, plain, 0, plain.length, ZSTD_LEVEL);
                if (Zstd.isError(n2)) {
                    throw new IllegalStateException("zstd could not compress a log block: " + Zstd.getErrorName(n2));
                }
                return Arrays.copyOf(packed, 1 + (int) n2);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // in memory
            }
        }
    }

}
