package dev.sightline.storage.spans;

import dev.sightline.storage.model.HexIds;
import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;

/** Reads the doc values of one search hit: the IDs a span document carries (see {@link SpanFields}). */
final class SpanDocValues {
    private SpanDocValues() {
    }

    /** The raw bytes of a sorted-doc-values field of one document, or null when it has none. */
    private static byte[] bytes(IndexSearcher searcher, int doc, String field) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        SortedDocValues dv = leaf.reader().getSortedDocValues(field);
        if (dv == null || !dv.advanceExact(doc - leaf.docBase)) {
            return null;
        }
        BytesRef b = dv.lookupOrd(dv.ordValue());
        byte[] out = new byte[b.length];
        System.arraycopy(b.bytes, b.offset, out, 0, b.length);
        return out;
    }

    /** The span ID of a hit, or null when the document has none. */
    static byte[] spanId(IndexSearcher searcher, int doc) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
        NumericDocValues dv = leaf.reader().getNumericDocValues(SpanFields.SPAN_ID);
        if (dv == null || !dv.advanceExact(doc - leaf.docBase)) {
            return null;
        }
        return SpanFields.spanIdBytes(dv.longValue());
    }

    /** The trace ID (hex) of a hit; every span document has one. */
    static String traceIdHex(IndexSearcher searcher, int doc) throws IOException {
        byte[] raw = bytes(searcher, doc, SpanFields.TRACE_ID);
        if (raw == null) {
            throw new IOException("span document " + doc + " has no trace ID");
        }
        return HexIds.toHex(raw);
    }
}
