package dev.sightline.storage.spans;

import dev.sightline.storage.model.HexIds;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.store.ByteArrayDataInput;

/**
 * The spans of one block document, decoded from its stored {@link SpanFields#SPANS} payload: for each span the
 * values trace search checks (IDs, name, kind, status, scope, start, duration, attributes, linked trace IDs), and
 * for the block its service and resource attributes, which all its spans share. Strings are kept once per block
 * in a table and spans refer to them by index, so a condition is resolved to an index once per block
 * ({@link #indexOf}) and then compared as an int per span.
 *
 * <p>Payload layout (little more than a list of varints; docs/format/span-index.md):
 * <pre>
 * vint version (1) · string service · vint n, n × (string key, string value): resource attributes
 * vint n, n × string: string table · vint n, n × (vint length, bytes): trace IDs · zig-zag vlong base start
 * vint spans
 * per span: vint trace · long span ID · byte flags (bit 0 parent, bits 1-3 kind, bits 4-5 status)
 *           [long parent span ID] · vint name · vint scope · zig-zag vlong start − base · vlong duration
 *           vint n, n × (vint key, vint value): attributes · vint n, n × vint: linked trace IDs (hex, in the table)
 * </pre>
 * Immutable after decoding except for lazily built lookups; not thread-safe (each search decodes its own).
 */
final class SpanBlock {
    static final int VERSION = 1;
    /** Kind codes are indexes here, and match the OTLP enum numbers. */
    static final String[] KINDS = {"unspecified", "internal", "server", "client", "producer", "consumer"};
    /** Status codes are indexes here, and match the OTLP enum numbers. */
    static final String[] STATUSES = {"unset", "ok", "error"};

    final String service;
    final String[] resourceKeys;
    final String[] resourceValues;
    final String[] strings;
    final byte[][] traceIds;
    final int size;
    final int[] trace;
    final long[] spanId;
    final boolean[] hasParent;
    final long[] parentId;
    final byte[] kind;
    final byte[] status;
    final int[] name;
    final int[] scope;
    final long[] start;
    final long[] duration;
    /** Span {@code i}'s attributes are pairs {@code attrFrom[i]} (inclusive) to {@code attrFrom[i + 1]}. */
    final int[] attrFrom;
    final int[] attrKey;
    final int[] attrValue;
    /** Span {@code i}'s links are {@code linkFrom[i]} to {@code linkFrom[i + 1]}. */
    final int[] linkFrom;
    final int[] link;
    private Map<String, Integer> index;
    private String[] traceHex;

    private SpanBlock(ByteArrayDataInput in) throws IOException {
        int version = in.readVInt();
        if (version != VERSION) {
            throw new IOException("span block payload version " + version + " is not " + VERSION);
        }
        service = in.readString();
        int resources = in.readVInt();
        resourceKeys = new String[resources];
        resourceValues = new String[resources];
        for (int i = 0; i < resources; i++) {
            resourceKeys[i] = in.readString();
            resourceValues[i] = in.readString();
        }
        strings = new String[in.readVInt()];
        for (int i = 0; i < strings.length; i++) {
            strings[i] = in.readString();
        }
        traceIds = new byte[in.readVInt()][];
        for (int i = 0; i < traceIds.length; i++) {
            traceIds[i] = new byte[in.readVInt()];
            in.readBytes(traceIds[i], 0, traceIds[i].length);
        }
        long base = in.readZLong();
        size = in.readVInt();
        trace = new int[size];
        spanId = new long[size];
        hasParent = new boolean[size];
        parentId = new long[size];
        kind = new byte[size];
        status = new byte[size];
        name = new int[size];
        scope = new int[size];
        start = new long[size];
        duration = new long[size];
        attrFrom = new int[size + 1];
        linkFrom = new int[size + 1];
        int[] keys = new int[size * 8];
        int[] values = new int[size * 8];
        int[] links = new int[0];
        int attrs = 0;
        int linkCount = 0;
        for (int i = 0; i < size; i++) {
            trace[i] = in.readVInt();
            spanId[i] = in.readLong();
            int flags = in.readByte();
            hasParent[i] = (flags & 1) != 0;
            kind[i] = (byte) ((flags >> 1) & 7);
            status[i] = (byte) ((flags >> 4) & 3);
            if (hasParent[i]) {
                parentId[i] = in.readLong();
            }
            name[i] = in.readVInt();
            scope[i] = in.readVInt();
            start[i] = base + in.readZLong();
            duration[i] = in.readVLong();
            int n = in.readVInt();
            if (attrs + n > keys.length) {
                int grown = Math.max(keys.length * 2, attrs + n);
                keys = Arrays.copyOf(keys, grown);
                values = Arrays.copyOf(values, grown);
            }
            for (int a = 0; a < n; a++) {
                keys[attrs] = in.readVInt();
                values[attrs++] = in.readVInt();
            }
            attrFrom[i + 1] = attrs;
            int l = in.readVInt();
            if (linkCount + l > links.length) {
                links = Arrays.copyOf(links, Math.max(links.length * 2, linkCount + l));
            }
            for (int a = 0; a < l; a++) {
                links[linkCount++] = in.readVInt();
            }
            linkFrom[i + 1] = linkCount;
        }
        attrKey = keys;
        attrValue = values;
        link = links;
    }

    /** Decodes a payload written by {@link SpanBlockBuilder}. */
    static SpanBlock decode(byte[] payload, int offset, int length) throws IOException {
        return new SpanBlock(new ByteArrayDataInput(payload, offset, length));
    }

    /** The table index of {@code s}, or -1 when no span of the block uses it. */
    int indexOf(String s) {
        if (index == null) {
            index = new HashMap<>(strings.length * 2);
            for (int i = 0; i < strings.length; i++) {
                index.put(strings[i], i);
            }
        }
        Integer i = index.get(s);
        return i == null ? -1 : i;
    }

    /** Whether the block's resource has attribute {@code key} with text {@code value}. */
    boolean resourceHas(String key, String value) {
        for (int i = 0; i < resourceKeys.length; i++) {
            if (resourceKeys[i].equals(key) && resourceValues[i].equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Whether span {@code i} has attribute (table indexes) {@code key} = {@code value}. */
    boolean hasAttribute(int i, int key, int value) {
        for (int a = attrFrom[i]; a < attrFrom[i + 1]; a++) {
            if (attrKey[a] == key && attrValue[a] == value) {
                return true;
            }
        }
        return false;
    }

    /** Whether span {@code i} links to the trace whose hex ID has table index {@code hex}. */
    boolean linksTo(int i, int hex) {
        for (int a = linkFrom[i]; a < linkFrom[i + 1]; a++) {
            if (link[a] == hex) {
                return true;
            }
        }
        return false;
    }

    /** Span {@code i}'s trace ID, lower-case hex. */
    String traceIdHex(int i) {
        if (traceHex == null) {
            traceHex = new String[traceIds.length];
        }
        String hex = traceHex[trace[i]];
        if (hex == null) {
            hex = HexIds.toHex(traceIds[trace[i]]);
            traceHex[trace[i]] = hex;
        }
        return hex;
    }
}
