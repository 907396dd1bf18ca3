package dev.sightline.storage.spans;

import java.io.IOException;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFieldVisitor;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/** Reads block documents: the payload of one, and every block matching a query of one searcher. Stateless. */
final class SpanBlocks {
    private SpanBlocks() {
    }

    /** What a scan does with each block; returns false to stop. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(SpanBlock block) throws IOException;
    }

    /** The block of document {@code doc}, read through {@code fields} (of the reader {@code doc} belongs to). */
    static SpanBlock read(StoredFields fields, int doc) throws IOException {
        PayloadVisitor v = new PayloadVisitor();
        fields.document(doc, v);
        if (v.payload == null) {
            throw new IOException("span block document " + doc + " has no " + SpanFields.SPANS + " payload");
        }
        return SpanBlock.decode(v.payload, 0, v.payload.length);
    }

    /**
     * Visits every block of {@code searcher} matching {@code blockQuery}, in index order, until the visitor returns
     * false.
     *
     * @return whether every matching block was visited
     */
    static boolean scan(IndexSearcher searcher, Query blockQuery, Visitor visitor) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(blockQuery), ScoreMode.COMPLETE_NO_SCORES, 1);
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            StoredFields fields = leaf.reader().storedFields();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if ((live == null || live.get(doc)) && !visitor.visit(read(fields, doc))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final class PayloadVisitor extends StoredFieldVisitor {
        byte[] payload;

        @Override
        public Status needsField(FieldInfo fieldInfo) {
            if (payload != null) {
                return Status.STOP;
            }
            return fieldInfo.name.equals(SpanFields.SPANS) ? Status.YES : Status.NO;
        }

        @Override
        public void binaryField(FieldInfo fieldInfo, byte[] value) {
            payload = value;
        }
    }
}
