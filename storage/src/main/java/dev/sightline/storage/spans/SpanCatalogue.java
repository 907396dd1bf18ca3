package dev.sightline.storage.spans;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * Services and operations, read from the span index's term dictionaries (no document is visited), over every
 * retained day. Thread-safe.
 */
final class SpanCatalogue {
    private final SpanIndex index;

    SpanCatalogue(SpanIndex index) {
        this.index = index;
    }

    /** Every service name, sorted. */
    List<String> services() throws IOException {
        Set<String> out = new TreeSet<>();
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, searcher) -> {
            Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), SpanFields.SERVICE);
            if (terms != null) {
                TermsEnum te = terms.iterator();
                for (BytesRef t = te.next(); t != null; t = te.next()) {
                    out.add(t.utf8ToString());
                }
            }
            return true;
        });
        return List.copyOf(out);
    }

    /** The operations of {@code service}, sorted by name then kind; {@code spanKind} null means any kind. */
    List<Operation> operations(String service, String spanKind) throws IOException {
        Set<Operation> out = new TreeSet<>((a, b) -> a.name().equals(b.name())
                ? a.spanKind().compareTo(b.spanKind()) : a.name().compareTo(b.name()));
        String prefix = service + SpanFields.SEPARATOR;
        BytesRef prefixBytes = new BytesRef(prefix);
        index.searchNewestFirst(Long.MIN_VALUE, Long.MAX_VALUE, (day, searcher) -> {
            Terms terms = MultiTerms.getTerms(searcher.getIndexReader(), SpanFields.OPERATION_KEY);
            if (terms == null) {
                return true;
            }
            TermsEnum te = terms.iterator();
            if (te.seekCeil(prefixBytes) == TermsEnum.SeekStatus.END) {
                return true;
            }
            for (BytesRef t = te.term(); t != null; t = te.next()) {
                String key = t.utf8ToString();
                if (!key.startsWith(prefix)) {
                    break;
                }
                String rest = key.substring(prefix.length());
                int sep = rest.indexOf(SpanFields.SEPARATOR);
                String kind = rest.substring(0, sep);
                String jaegerKind = kind.equals("unspecified") ? "" : kind;
                if (spanKind == null || spanKind.isEmpty() || spanKind.equals(jaegerKind) || spanKind.equals(kind)) {
                    out.add(new Operation(rest.substring(sep + 1), jaegerKind));
                }
            }
            return true;
        });
        return List.copyOf(out);
    }
}
