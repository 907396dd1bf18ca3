package dev.sightline.storage.logs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import dev.sightline.storage.model.CorrelationKeys;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PointRangeQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.util.automaton.CompiledAutomaton;

/**
 * Which records of a block match a query: the check on read behind block documents. A query is compiled once
 * into a tree whose leaves read a {@link BlockView} (terms, words and their positions, points) and whose
 * boolean nodes follow Lucene's rules exactly (required, optional with a minimum, prohibited; a query with only
 * prohibited clauses matches nothing), so a record matches here exactly when its own document would match in
 * Lucene. Forms with no leaf here (sloppy phrases, say) are checked per record in a {@link MemoryIndex} built from
 * the record's document. Fuzzy terms match every term within their edit distance, in the block query too (Lucene
 * would keep only the 50 closest terms of a segment, so a record's fate would depend on its neighbours).
 * Thread-safe once compiled.
 */
final class BlockMatcher {
    private final Node root;
    private final boolean matchesAll;

    private BlockMatcher(Node root, boolean matchesAll) {
        this.root = root;
        this.matchesAll = matchesAll;
    }

    static BlockMatcher compile(Query query, Analyzer analyzer) {
        Node root = node(query, analyzer);
        return new BlockMatcher(root, root instanceof All);
    }

    /** Whether every record matches (the query is blank or {@code *:*}): no record needs looking at. */
    boolean matchesAll() {
        return matchesAll;
    }

    /** The records of the block that match. */
    FixedBitSet matches(BlockView view) {
        return root.eval(view);
    }

    /**
     * The query a block document must match to hold a record that may match {@code query}: positions dropped
     * (block documents have none), prohibited clauses dropped (another record of the block may hold the
     * prohibited term), forms that cannot run on a block replaced by "any block".
     */
    static Query widen(Query query, CorrelationKeys correlation) {
        if (query instanceof BoostQuery b) {
            return widen(b.getQuery(), correlation);
        }
        if (query instanceof ConstantScoreQuery c) {
            return widen(c.getQuery(), correlation);
        }
        String field = fieldOf(query);
        if (LogFields.TRACE_ID.equals(field) || LogFields.SPAN_ID.equals(field)) {
            if (!(query instanceof TermQuery t)) {
                return new MatchAllDocsQuery(); // block documents hold ID prefixes: only whole IDs narrow blocks
            }
            int length = field.equals(LogFields.TRACE_ID) ? 32 : 16;
            BytesRef id = t.getTerm().text().length() == length ? LogBlockDocuments.idTerm(t.getTerm().text()) : null;
            return id == null ? new MatchNoDocsQuery("not a " + field) : new TermQuery(new Term(field, id));
        }
        if (LogFields.CORRELATION.equals(field)) {
            return correlationBlocks(query, correlation);
        }
        if (query instanceof BooleanQuery b) {
            BooleanQuery.Builder out = new BooleanQuery.Builder().setMinimumNumberShouldMatch(
                    b.getMinimumNumberShouldMatch());
            int kept = 0;
            for (BooleanClause c : b.clauses()) {
                if (c.occur() != BooleanClause.Occur.MUST_NOT) {
                    out.add(widen(c.query(), correlation), c.occur() == BooleanClause.Occur.SHOULD ? BooleanClause.Occur.SHOULD
                            : BooleanClause.Occur.FILTER);
                    kept++;
                }
            }
            return kept == 0 ? new MatchNoDocsQuery("only prohibited clauses") : out.build();
        }
        if (query instanceof PhraseQuery p) {
            if (p.getTerms().length == 0) {
                return new MatchNoDocsQuery("empty phrase");
            }
            BooleanQuery.Builder out = new BooleanQuery.Builder();
            for (Term t : p.getTerms()) {
                out.add(new TermQuery(t), BooleanClause.Occur.FILTER);
            }
            return out.build();
        }
        if (query instanceof FuzzyQuery f) {
            // every term within the edit distance, as the check on read takes it (a FuzzyQuery would keep only the
            // 50 closest terms of a segment, so whether a record is found would depend on its block's neighbours)
            CompiledAutomaton a = f.getAutomata();
            return a.automaton == null ? new MatchAllDocsQuery() : new AutomatonQuery(f.getTerm(), a.automaton, true);
        }
        if (query instanceof TermQuery || query instanceof PointRangeQuery || query instanceof AutomatonQuery
                || query instanceof MatchAllDocsQuery
                || query instanceof MatchNoDocsQuery) {
            return query;
        }
        return new MatchAllDocsQuery();
    }

    /** The field a single-field query reads, or null. */
    private static String fieldOf(Query q) {
        if (q instanceof TermQuery t) {
            return t.getTerm().field();
        }
        if (q instanceof AutomatonQuery a) {
            return a.getField();
        }
        if (q instanceof FuzzyQuery f) {
            return f.getField();
        }
        if (q instanceof PhraseQuery p) {
            return p.getField();
        }
        if (q instanceof PointRangeQuery p) {
            return p.getField();
        }
        return null;
    }

    /** A correlation value is found as the record or resource attribute it came from. */
    private static Query correlationBlocks(Query query, CorrelationKeys correlation) {
        if (!(query instanceof TermQuery t) || correlation.keys().stream().anyMatch(k -> k.indexOf('#') >= 0)) {
            return new MatchAllDocsQuery();
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (String key : correlation.keys()) {
            for (String prefix : new String[] {LogFields.ATTRIBUTE_PREFIX, LogFields.RESOURCE_PREFIX}) {
                any.add(new TermQuery(new Term(prefix + key, t.getTerm().bytes())), BooleanClause.Occur.SHOULD);
            }
        }
        return correlation.keys().isEmpty() ? new MatchNoDocsQuery("no correlation keys") : any.build();
    }

    private static Node node(Query q, Analyzer analyzer) {
        if (q instanceof BoostQuery b) {
            return node(b.getQuery(), analyzer);
        }
        if (q instanceof ConstantScoreQuery c) {
            return node(c.getQuery(), analyzer);
        }
        if (q instanceof MatchAllDocsQuery) {
            return new All();
        }
        if (q instanceof MatchNoDocsQuery) {
            return new None();
        }
        if (q instanceof TermQuery t) {
            return new TermNode(t.getTerm().field(), t.getTerm().text());
        }
        if (q instanceof BooleanQuery b) {
            return bool(b, analyzer);
        }
        if (q instanceof PhraseQuery p && p.getSlop() == 0) {
            Term[] terms = p.getTerms();
            if (terms.length == 0) {
                return new None();
            }
            if (terms.length == 1) {
                return new TermNode(terms[0].field(), terms[0].text());
            }
            String[] texts = Arrays.stream(terms).map(Term::text).toArray(String[]::new);
            return new PhraseNode(p.getField(), texts, p.getPositions());
        }
        if (q instanceof PointRangeQuery p && p.getNumDims() == 1) {
            return new PointNode(p.getField(), p.getLowerPoint(), p.getUpperPoint());
        }
        if (q instanceof AutomatonQuery a) {
            return new AutomatonNode(a.getField(), a.getCompiled());
        }
        if (q instanceof FuzzyQuery f) {
            return new AutomatonNode(f.getField(), f.getAutomata());
        }
        return new PerRecord(q, analyzer);
    }

    private static Node bool(BooleanQuery b, Analyzer analyzer) {
        List<Node> required = new ArrayList<>();
        List<Node> optional = new ArrayList<>();
        List<Node> prohibited = new ArrayList<>();
        for (BooleanClause c : b.clauses()) {
            Node n = node(c.query(), analyzer);
            switch (c.occur()) {
                case MUST, FILTER -> required.add(n);
                case SHOULD -> optional.add(n);
                case MUST_NOT -> prohibited.add(n);
            }
        }
        int min = b.getMinimumNumberShouldMatch();
        if (required.isEmpty() && optional.isEmpty()) {
            return new None();
        }
        if (required.isEmpty()) {
            min = Math.max(1, min);
        }
        if (min > optional.size()) {
            return new None();
        }
        if (optional.size() == 1 && prohibited.isEmpty() && required.isEmpty()) {
            return optional.get(0);
        }
        if (optional.isEmpty() && prohibited.isEmpty() && required.size() == 1) {
            return required.get(0);
        }
        return new BoolNode(required, min == 0 ? List.of() : optional, min, prohibited);
    }

    /** A node of the compiled query: the records of a block it matches. */
    private interface Node {
        FixedBitSet eval(BlockView view);
    }

    private record All() implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            return view.all();
        }
    }

    private record None() implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            return new FixedBitSet(view.size());
        }
    }

    private record TermNode(String field, String text) implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            FixedBitSet s = view.postings(field).get(text);
            return s == null ? new FixedBitSet(view.size()) : s.clone();
        }
    }

    /** An exact phrase: every word at its offset from the first. */
    private record PhraseNode(String field, String[] texts, int[] positions) implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            Map<String, FixedBitSet> postings = view.postings(field);
            FixedBitSet candidates = null;
            for (String t : texts) {
                FixedBitSet s = postings.get(t);
                if (s == null) {
                    return new FixedBitSet(view.size());
                }
                if (candidates == null) {
                    candidates = s.clone();
                } else {
                    candidates.and(s);
                }
            }
            for (int i = candidates.nextSetBit(0); i != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS;
                    i = i + 1 < candidates.length() ? candidates.nextSetBit(i + 1)
                            : org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS) {
                if (!occurs(view.tokens(field, i))) {
                    candidates.clear(i);
                }
            }
            return candidates;
        }

        private boolean occurs(List<BlockView.Token> tokens) {
            for (BlockView.Token first : tokens) {
                if (first.term().equals(texts[0]) && rest(tokens, first.position() - positions[0])) {
                    return true;
                }
            }
            return false;
        }

        private boolean rest(List<BlockView.Token> tokens, int base) {
            for (int k = 1; k < texts.length; k++) {
                boolean found = false;
                for (BlockView.Token t : tokens) {
                    if (t.position() == base + positions[k] && t.term().equals(texts[k])) {
                        found = true;
                        break;
                    }
                }
                if (!found) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A one-dimensional point range, on the packed bytes as Lucene compares them. */
    private record PointNode(String field, byte[] lower, byte[] upper) implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            FixedBitSet out = new FixedBitSet(view.size());
            for (int i = view.from(); i < view.to(); i++) {
                for (byte[] v : view.points(field, i)) {
                    if (v.length == lower.length && Arrays.compareUnsigned(v, lower) >= 0
                            && Arrays.compareUnsigned(v, upper) <= 0) {
                        out.set(i);
                        break;
                    }
                }
                if (BlockView.ofResource(field) && !out.get(i)) {
                    break; // the resource's values are every record's: none matched
                }
            }
            return out;
        }
    }

    /** Prefix, wildcard, regular expression, term range, fuzzy: every term of the field the automaton accepts. */
    private record AutomatonNode(String field, CompiledAutomaton automaton) implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            FixedBitSet out = new FixedBitSet(view.size());
            if (automaton.type == CompiledAutomaton.AUTOMATON_TYPE.NONE) {
                return out;
            }
            for (Map.Entry<String, FixedBitSet> e : view.postings(field).entrySet()) {
                if (accepts(e.getKey())) {
                    out.or(e.getValue());
                }
            }
            return out;
        }

        private boolean accepts(String term) {
            return switch (automaton.type) {
                case ALL -> true;
                case NONE -> false;
                case SINGLE -> automaton.term.bytesEquals(new BytesRef(term));
                case NORMAL -> {
                    BytesRef b = new BytesRef(term);
                    yield automaton.runAutomaton.run(b.bytes, b.offset, b.length);
                }
            };
        }
    }

    private record BoolNode(List<Node> required, List<Node> optional, int min, List<Node> prohibited)
            implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            FixedBitSet out = null;
            for (Node n : required) {
                FixedBitSet s = n.eval(view);
                if (out == null) {
                    out = s;
                } else {
                    out.and(s);
                }
            }
            if (!optional.isEmpty()) {
                FixedBitSet enough = atLeast(view);
                if (out == null) {
                    out = enough;
                } else {
                    out.and(enough);
                }
            }
            for (Node n : prohibited) {
                out.andNot(n.eval(view));
            }
            return out;
        }

        /** Records matching at least {@code min} of the optional clauses. */
        private FixedBitSet atLeast(BlockView view) {
            if (min == 1) {
                FixedBitSet any = new FixedBitSet(view.size());
                for (Node n : optional) {
                    any.or(n.eval(view));
                }
                return any;
            }
            int[] counts = new int[view.size()];
            for (Node n : optional) {
                FixedBitSet s = n.eval(view);
                for (int i = view.from(); i < view.to(); i++) {
                    if (s.get(i)) {
                        counts[i]++;
                    }
                }
            }
            FixedBitSet out = new FixedBitSet(view.size());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] >= min) {
                    out.set(i);
                }
            }
            return out;
        }
    }

    /** Any other form: each record's own document in a {@link MemoryIndex}, where Lucene itself decides. */
    private record PerRecord(Query query, Analyzer analyzer) implements Node {
        @Override
        public FixedBitSet eval(BlockView view) {
            FixedBitSet out = new FixedBitSet(view.size());
            MemoryIndex index = new MemoryIndex();
            for (int i = view.from(); i < view.to(); i++) {
                index.reset();
                for (var field : view.document(i)) {
                    index.addField(field, analyzer);
                }
                if (index.search(query) > 0) {
                    out.set(i);
                }
            }
            return out;
        }
    }
}
