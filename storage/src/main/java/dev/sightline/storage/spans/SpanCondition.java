package dev.sightline.storage.spans;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.LongRange;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * A query written per span (as if every span were a document with the fields of {@link SpanFields}) run over
 * block documents, in two steps: {@link #blockQuery()} finds every block that may hold a matching span (each
 * term is in a block when one of its spans has it; a point range meets a block's range; negations are left
 * out), then {@link #bind} checks the whole query on each span of a candidate block, from its stored values.
 * So several conditions hold on the SAME span, as if each span were its own document: a block whose span 1 has
 * tag A and span 2 tag B is a candidate for A ∧ B, and the check rejects both spans.
 *
 * <p>The per-span semantics are Lucene's for the same query over one document per span: a boolean query needs
 * every MUST and FILTER clause, no MUST_NOT clause, and at least {@code minimumNumberShouldMatch} (1 when there is
 * no required clause) SHOULD clauses; a query with no positive clause matches nothing. Supported: term queries on
 * the fields of {@link SpanFields} (a term of any other field matches no span), {@link LongPoint} ranges on
 * {@link SpanFields#START} and {@link SpanFields#DURATION}, boolean, match-all, match-none, constant-score and
 * boost queries. Immutable, thread-safe.
 */
final class SpanCondition {
    private static final IntPredicate ALL = i -> true;
    private static final IntPredicate NONE = i -> false;

    private final Node root;
    private final Query block;

    private SpanCondition(Node root) {
        this.root = root;
        this.block = root.block();
    }

    /** The condition of a per-span {@code query}; throws IllegalArgumentException for an unsupported one. */
    static SpanCondition of(Query query) {
        return new SpanCondition(compile(query));
    }

    /** Matches every block that may hold a span matching the condition (a superset). */
    Query blockQuery() {
        return block;
    }

    /** Which spans of {@code b} match, by their index in the block. */
    IntPredicate bind(SpanBlock b) {
        return root.bind(b);
    }

    /** Whether no span of {@code b} can match: the check of a block is skipped. */
    static boolean none(IntPredicate p) {
        return p == NONE;
    }

    private interface Node {
        Query block();

        IntPredicate bind(SpanBlock b);
    }

    private record Fixed(boolean matches) implements Node {
        @Override
        public Query block() {
            return matches ? new MatchAllDocsQuery() : new MatchNoDocsQuery("no span matches");
        }

        @Override
        public IntPredicate bind(SpanBlock b) {
            return matches ? ALL : NONE;
        }
    }

    private record Term(String field, String text) implements Node {
        @Override
        public Query block() {
            return new TermQuery(new org.apache.lucene.index.Term(field, text));
        }

        @Override
        public IntPredicate bind(SpanBlock b) {
            switch (field) {
                case SpanFields.SERVICE:
                    return b.service.equals(text) ? ALL : NONE;
                case SpanFields.NAME: {
                    int n = b.indexOf(text);
                    return n < 0 ? NONE : i -> b.name[i] == n;
                }
                case SpanFields.SCOPE: {
                    int s = text.isEmpty() ? -1 : b.indexOf(text); // an empty scope is not indexed
                    return s < 0 ? NONE : i -> b.scope[i] == s;
                }
                case SpanFields.KIND: {
                    int k = code(SpanBlock.KINDS, text);
                    return k < 0 ? NONE : i -> b.kind[i] == k;
                }
                case SpanFields.STATUS: {
                    int s = code(SpanBlock.STATUSES, text);
                    return s < 0 ? NONE : i -> b.status[i] == s;
                }
                case SpanFields.OPERATION_KEY:
                    return operation(b);
                case SpanFields.LINK_TRACE_ID: {
                    int t = b.indexOf(text);
                    return t < 0 ? NONE : i -> b.linksTo(i, t);
                }
                default:
                    if (field.startsWith(SpanFields.ATTRIBUTE_PREFIX)) {
                        int k = b.indexOf(field.substring(SpanFields.ATTRIBUTE_PREFIX.length()));
                        int v = k < 0 ? -1 : b.indexOf(text);
                        return v < 0 ? NONE : i -> b.hasAttribute(i, k, v);
                    }
                    if (field.startsWith(SpanFields.RESOURCE_PREFIX)) {
                        return b.resourceHas(field.substring(SpanFields.RESOURCE_PREFIX.length()), text) ? ALL : NONE;
                    }
                    return NONE; // a field spans do not have
            }
        }

        /** {@code service \0 kind \0 name}. */
        private IntPredicate operation(SpanBlock b) {
            int first = text.indexOf(SpanFields.SEPARATOR);
            int second = first < 0 ? -1 : text.indexOf(SpanFields.SEPARATOR, first + 1);
            if (second < 0 || !b.service.equals(text.substring(0, first))) {
                return NONE;
            }
            int k = code(SpanBlock.KINDS, text.substring(first + 1, second));
            int n = k < 0 ? -1 : b.indexOf(text.substring(second + 1));
            return n < 0 ? NONE : i -> b.kind[i] == k && b.name[i] == n;
        }

        private static int code(String[] names, String text) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(text)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** A long point range, inclusive, on {@link SpanFields#START} or {@link SpanFields#DURATION}. */
    private record Range(String field, long min, long max) implements Node {
        @Override
        public Query block() {
            return min > max ? new MatchNoDocsQuery("empty range")
                    : LongRange.newIntersectsQuery(field, new long[] {min}, new long[] {max});
        }

        @Override
        public IntPredicate bind(SpanBlock b) {
            long[] values = field.equals(SpanFields.START) ? b.start : b.duration;
            return i -> values[i] >= min && values[i] <= max;
        }
    }

    private record Bool(List<Node> required, List<Node> prohibited, List<Node> optional, int minShould)
            implements Node {
        @Override
        public Query block() {
            BooleanQuery.Builder q = new BooleanQuery.Builder();
            for (Node n : required) {
                q.add(n.block(), Occur.FILTER);
            }
            // Optional clauses only narrow when some must match; negations cannot narrow a union of terms.
            if (minShould > 0) {
                for (Node n : optional) {
                    q.add(n.block(), Occur.SHOULD);
                }
                q.setMinimumNumberShouldMatch(minShould);
            }
            return q.build();
        }

        @Override
        public IntPredicate bind(SpanBlock b) {
            List<IntPredicate> req = new ArrayList<>(required.size());
            for (Node n : required) {
                IntPredicate p = n.bind(b);
                if (p == NONE) {
                    return NONE;
                }
                if (p != ALL) {
                    req.add(p);
                }
            }
            List<IntPredicate> not = new ArrayList<>(prohibited.size());
            for (Node n : prohibited) {
                IntPredicate p = n.bind(b);
                if (p == ALL) {
                    return NONE;
                }
                if (p != NONE) {
                    not.add(p);
                }
            }
            List<IntPredicate> opt = new ArrayList<>(optional.size());
            int need = minShould;
            if (need > 0) {
                for (Node n : optional) {
                    IntPredicate p = n.bind(b);
                    if (p == ALL) {
                        need--;
                    } else if (p != NONE) {
                        opt.add(p);
                    }
                }
                if (need > opt.size()) {
                    return NONE;
                }
            }
            int stillNeeded = Math.max(0, need);
            if (req.isEmpty() && not.isEmpty() && stillNeeded == 0) {
                return ALL;
            }
            IntPredicate[] r = req.toArray(IntPredicate[]::new);
            IntPredicate[] n = not.toArray(IntPredicate[]::new);
            IntPredicate[] o = opt.toArray(IntPredicate[]::new);
            return i -> {
                for (IntPredicate p : r) {
                    if (!p.test(i)) {
                        return false;
                    }
                }
                for (IntPredicate p : n) {
                    if (p.test(i)) {
                        return false;
                    }
                }
                int matched = 0;
                for (int k = 0; k < o.length && matched < stillNeeded; k++) {
                    if (o[k].test(i)) {
                        matched++;
                    }
                }
                return matched >= stillNeeded;
            };
        }
    }

    private static Node compile(Query q) {
        if (q instanceof MatchAllDocsQuery) {
            return new Fixed(true);
        }
        if (q instanceof MatchNoDocsQuery) {
            return new Fixed(false);
        }
        if (q instanceof BoostQuery boost) {
            return compile(boost.getQuery());
        }
        if (q instanceof ConstantScoreQuery constant) {
            return compile(constant.getQuery());
        }
        if (q instanceof TermQuery term) {
            return new Term(term.getTerm().field(), term.getTerm().text());
        }
        if (q instanceof PointRangeQuery range && range.getNumDims() == 1 && range.getBytesPerDim() == Long.BYTES
                && (range.getField().equals(SpanFields.START) || range.getField().equals(SpanFields.DURATION))) {
            return new Range(range.getField(), LongPoint.decodeDimension(range.getLowerPoint(), 0),
                    LongPoint.decodeDimension(range.getUpperPoint(), 0));
        }
        if (q instanceof BooleanQuery bool) {
            List<Node> required = new ArrayList<>();
            List<Node> prohibited = new ArrayList<>();
            List<Node> optional = new ArrayList<>();
            for (BooleanClause c : bool.clauses()) {
                Node n = compile(c.query());
                switch (c.occur()) {
                    case MUST, FILTER -> required.add(n);
                    case MUST_NOT -> prohibited.add(n);
                    case SHOULD -> optional.add(n);
                }
            }
            if (required.isEmpty() && optional.isEmpty()) {
                return new Fixed(false); // Lucene: no positive clause, no match
            }
            int minShould = bool.getMinimumNumberShouldMatch();
            if (required.isEmpty()) {
                minShould = Math.max(1, minShould);
            }
            return new Bool(List.copyOf(required), List.copyOf(prohibited), List.copyOf(optional), minShould);
        }
        throw new IllegalArgumentException("a span query is made of term queries, long point ranges on "
                + SpanFields.START + " or " + SpanFields.DURATION + ", boolean, match-all and match-none queries; got "
                + q.getClass().getSimpleName() + " " + q);
    }
}
