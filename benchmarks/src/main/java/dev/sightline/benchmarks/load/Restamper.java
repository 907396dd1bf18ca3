package dev.sightline.benchmarks.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Fresh copies of one encoded OTLP logs or traces request: every trace and span ID replaced (XOR with a key drawn
 * per copy, so a span's parent and its links keep pointing where they did) and every timestamp moved by the time
 * since the template was made. Generating a new batch for every request cost the load generator about as much CPU
 * as the server spends storing it, on the same two cores; a copy costs a memory copy and a few writes per item.
 * Not thread-safe (one per sending thread).
 */
final class Restamper {
    private final byte[] template;
    private final long templateNanos;
    private final int[] traceIds;
    private final int[] spanIds;
    private final int[] times;

    private Restamper(byte[] template, long templateNanos, Offsets offsets) {
        this.template = template;
        this.templateNanos = templateNanos;
        this.traceIds = offsets.traceIds.stream().mapToInt(Integer::intValue).toArray();
        this.spanIds = offsets.spanIds.stream().mapToInt(Integer::intValue).toArray();
        this.times = offsets.times.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A restamper of an {@code ExportLogsServiceRequest} whose times are about {@code templateNanos}. */
    static Restamper logs(byte[] request, long templateNanos) {
        Offsets o = new Offsets();
        // request.resource_logs(1) > scope_logs(2) > log_records(2) > time(1), observed(11), trace_id(9), span_id(10)
        walk(request, 0, request.length, (f1, s1, e1) -> f1 == 1 ? inner(request, s1, e1, (f2, s2, e2) -> f2 == 2
                ? inner(request, s2, e2, (f3, s3, e3) -> f3 == 2 ? inner(request, s3, e3, (f4, s4, e4) -> {
                    switch (f4) {
                        case 1, 11 -> o.times.add(s4);
                        case 9 -> o.id(s4, e4);
                        case 10 -> o.id(s4, e4);
                        default -> {
                        }
                    }
                    return true;
                }) : true) : true) : true);
        return new Restamper(request, templateNanos, o);
    }

    /** A restamper of an {@code ExportTraceServiceRequest} whose times are about {@code templateNanos}. */
    static Restamper traces(byte[] request, long templateNanos) {
        Offsets o = new Offsets();
        // request.resource_spans(1) > scope_spans(2) > spans(2) > trace_id(1), span_id(2), parent(4), start(7),
        // end(8), events(11) > time(1), links(13) > trace_id(1), span_id(2)
        walk(request, 0, request.length, (f1, s1, e1) -> f1 == 1 ? inner(request, s1, e1, (f2, s2, e2) -> f2 == 2
                ? inner(request, s2, e2, (f3, s3, e3) -> f3 == 2 ? inner(request, s3, e3, (f4, s4, e4) -> {
                    switch (f4) {
                        case 1, 2, 4 -> o.id(s4, e4);
                        case 7, 8 -> o.times.add(s4);
                        case 11 -> inner(request, s4, e4, (f5, s5, e5) -> {
                            if (f5 == 1) {
                                o.times.add(s5);
                            }
                            return true;
                        });
                        case 13 -> inner(request, s4, e4, (f5, s5, e5) -> {
                            if (f5 == 1 || f5 == 2) {
                                o.id(s5, e5);
                            }
                            return true;
                        });
                        default -> {
                        }
                    }
                    return true;
                }) : true) : true) : true);
        return new Restamper(request, templateNanos, o);
    }

    /** A copy with fresh IDs and times moved to now. */
    byte[] next(Random random, long nowNanos) {
        byte[] out = template.clone();
        byte[] traceKey = new byte[16];
        byte[] spanKey = new byte[8];
        random.nextBytes(traceKey);
        random.nextBytes(spanKey);
        for (int off : traceIds) {
            for (int i = 0; i < 16; i++) {
                out[off + i] ^= traceKey[i];
            }
        }
        for (int off : spanIds) {
            for (int i = 0; i < 8; i++) {
                out[off + i] ^= spanKey[i];
            }
        }
        long delta = nowNanos - templateNanos;
        for (int off : times) {
            long t = 0;
            for (int i = 7; i >= 0; i--) {
                t = (t << 8) | (out[off + i] & 0xFF);
            }
            if (t != 0) {
                t += delta;
            }
            for (int i = 0; i < 8; i++) {
                out[off + i] = (byte) (t >>> (8 * i));
            }
        }
        return out;
    }

    /** The first trace ID of a copy, hex (for later lookups), or null when the request has none. */
    String firstTraceIdHex(byte[] copy) {
        if (traceIds.length == 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder(32);
        for (int i = 0; i < 16; i++) {
            sb.append(Character.forDigit((copy[traceIds[0] + i] >> 4) & 0xF, 16))
                    .append(Character.forDigit(copy[traceIds[0] + i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** Offsets of the fields to rewrite, by kind. */
    private static final class Offsets {
        final List<Integer> traceIds = new ArrayList<>();
        final List<Integer> spanIds = new ArrayList<>();
        final List<Integer> times = new ArrayList<>();

        void id(int start, int end) {
            switch (end - start) {
                case 16 -> traceIds.add(start);
                case 8 -> spanIds.add(start);
                default -> {
                } // empty (no ID)
            }
        }
    }

    /** Receives a field: its number and the extent of its value (for fixed64 the 8 bytes, for bytes the content). */
    @FunctionalInterface
    private interface FieldVisitor {
        boolean visit(int field, int start, int end);
    }

    private static boolean inner(byte[] b, int start, int end, FieldVisitor v) {
        walk(b, start, end, v);
        return true;
    }

    /** Visits the fields of the message in [start, end); only length-delimited and fixed64 fields are passed on. */
    private static void walk(byte[] b, int start, int end, FieldVisitor v) {
        int[] pos = {start};
        while (pos[0] < end) {
            long tag = varint(b, pos);
            int field = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> varint(b, pos);
                case 1 -> {
                    v.visit(field, pos[0], pos[0] + 8);
                    pos[0] += 8;
                }
                case 2 -> {
                    int len = (int) varint(b, pos);
                    v.visit(field, pos[0], pos[0] + len);
                    pos[0] += len;
                }
                case 5 -> pos[0] += 4;
                default -> throw new IllegalArgumentException("unexpected wire type in field " + field);
            }
        }
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }
}
