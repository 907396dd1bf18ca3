package dev.sightline.storage.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.storage.model.CorrelationKeys;
import dev.sightline.storage.model.ServiceName;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.codecs.lucene103.Lucene103Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.FixedBitSet;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockMatcher} against Lucene itself: random records in blocks, random queries in every syntax the log
 * query parser accepts. For every query and record, the verdict of the compiled matcher on a block holding the
 * record must be Lucene's on the record's own document ({@link LogDocuments}, in a {@link MemoryIndex}, counted
 * without scores); and the widened block query ({@link BlockMatcher#widen}) must find every block holding a
 * matching record, both on the block document alone and through {@link LogBlocks#find} on a real index of all
 * block documents. Seeded: the seed is printed and {@code -Dtest.seed=} reproduces a run.
 */
class BlockMatcherTest {
    private static final CorrelationKeys CORRELATION = CorrelationKeys.DEFAULT;
    private static final int RECORDS = 250;
    private static final int QUERIES = 400;

    private static final List<String> WORDS = List.of("error", "Error", "ERROR", "timeout", "connection", "refused",
            "upstream", "payment", "payments", "paymnet", "db", "a", "i", "x", "ok", "42", "7", "3.14", "1,000",
            "1.000", "don't", "it's", "user_id", "user", "id", "café", "cafe", "naïve", "日本", "東京", "résumé",
            "x-ray", "foo.bar", "GET", "/api/v1/users", "user@example.com", "v2", "retry", "retrying", "retried",
            "404", "500", "e", "Ωmega", "emoji😀", "tab\tbed", "O'Brien");
    private static final List<String> SEPARATORS = List.of(" ", " ", " ", " ", ", ", ": ", " - ", "; ", "\n", "\t",
            "! ", "... ", " (", ") ", "=", "/", "_");
    private static final List<String> USERS = List.of("alice", "bob", "Alice", "o'brien", "user_1", "42", "3.14",
            "日本", "al ice", "");
    private static final List<String> SEVERITIES = List.of("", "ERROR", "Warn", "info", "DEBUG", "Fatal");
    private static final List<String> SCOPES = List.of("", "com.example.db", "http", "café.scope");
    private static final String[] TRACES = {"4bf92f3577b34da6a3ce929d0e0e4736", "0af7651916cd43dd8448eb211c80319c",
        "00000000000000000000000000000000"};
    private static final String[] SPANS = {"00f067aa0ba902b7", "b7ad6b7169203331"};
    private static final long[] CODES = {200, 404, 500, 503, 0, -1, 42, 1000};
    private static final double[] RATIOS = {3.14, 0.5, 12.0, -2.5, 1000.0, 0.0, -0.0, 1e-3};
    private static final List<Resource> RESOURCES = List.of(
            resource(attr("service.name", str("checkout")), attr("host.name", str("web-1")), attr("pid", num(123))),
            resource(attr("service.name", str("payments")), attr("host.name", str("web-2")),
                    attr("region", str("eu-west")), attr("weight", dbl(0.75))),
            resource(attr("host.name", str("web-1")), attr("request.id", str("req-res"))),
            resource(attr("service.name", str("check out")), attr("build", num(7))));

    private final Analyzer analyzer = new StandardAnalyzer();

    /** A record of the run, with its resource and its own document as Lucene sees it. */
    private record Rec(int id, StoredLog log, IndexSearcher own) {
    }

    /** A block of the run (a record's ordinal in it is its id), its document, and that document alone indexed. */
    private record Block(LogBlock block, Document doc, IndexSearcher own) {
    }

    @Test
    void matchesExactlyWhatLuceneMatchesOnEachRecordsOwnDocument() throws Exception {
        long seed = Long.getLong("test.seed", System.nanoTime());
        System.out.println("BlockMatcherTest seed " + seed + " (rerun with -Dtest.seed=" + seed + ")");
        Random random = new Random(seed);
        long began = System.nanoTime();
        List<Rec> records = new ArrayList<>();
        for (int id = 0; id < RECORDS; id++) {
            records.add(record(id, random));
        }
        // Two layouts of the same records: small random blocks, and one block per resource. A record's verdict must
        // not depend on the other records of its block.
        List<List<Block>> layouts = List.of(blocks(records, random, 1 + random.nextInt(40)),
                blocks(records, random, Integer.MAX_VALUE));
        List<IndexSearcher> indexes = new ArrayList<>();
        List<AutoCloseable> toClose = new ArrayList<>();
        for (List<Block> layout : layouts) {
            indexes.add(index(layout, toClose));
        }
        IndexSearcher perRecord = perRecordIndex(records, toClose);
        LogSearcher parser = new LogSearcher(null, LogLimits.DEFAULT);
        List<String> failures = new ArrayList<>();
        int partial = 0;
        int fuzzyChecked = 0;
        try {
            for (int q = 0; q < QUERIES && failures.size() < 20; q++) {
                String text = query(random, records, 0);
                Query query;
                try {
                    query = parser.parse(text, 1);
                } catch (LogQueryException e) {
                    throw new AssertionError("seed " + seed + ": generated query does not parse: " + text, e);
                }
                boolean fuzzy = hasFuzzy(query);
                BitSet expected = matching(perRecord, fuzzy ? allFuzzyTerms(query) : query);
                if (fuzzy && fuzzyChecked++ < 5) {
                    assertThat(ownDocuments(records, query)).as("seed " + seed + ": \"" + text + "\" in each record's"
                            + " own index and, fuzzy terms unbounded, in one index of all").isEqualTo(expected);
                }
                if (expected.cardinality() > 0 && expected.cardinality() < records.size()) {
                    partial++;
                }
                BlockMatcher matcher = BlockMatcher.compile(query, analyzer);
                Query widened = BlockMatcher.widen(query, CORRELATION);
                for (int l = 0; l < layouts.size(); l++) {
                    check(text, query, matcher, widened, layouts.get(l), indexes.get(l), expected, records,
                            "layout " + l, failures);
                }
            }
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
        }
        System.out.println("BlockMatcherTest: " + QUERIES + " queries in " + (System.nanoTime() - began) / 1_000_000
                + " ms");
        assertThat(failures).as("seed " + seed + ": queries where the block check and Lucene disagree").isEmpty();
        assertThat(partial).as("queries matching some but not all records (is the generator useful?)")
                .isGreaterThan(QUERIES / 4);
    }

    private void check(String text, Query query, BlockMatcher matcher, Query widened, List<Block> layout,
            IndexSearcher index, BitSet expected, List<Rec> records, String where, List<String> failures)
            throws IOException {
        BitSet actual = new BitSet();
        BitSet blocksWithMatch = new BitSet();
        for (int b = 0; b < layout.size(); b++) {
            Block block = layout.get(b);
            FixedBitSet m = matcher.matchesAll() ? null
                    : matcher.matches(new BlockView(block.block(), CORRELATION, analyzer));
            boolean any = false;
            for (int i = 0; i < block.block().size(); i++) {
                int id = block.block().ordinal(i);
                if (m == null || m.get(i)) {
                    actual.set(id);
                }
                any |= expected.get(id);
            }
            if (any) {
                blocksWithMatch.set(b);
                if (block.own().count(widened) == 0) {
                    failures.add(where + ": widened query " + widened + " of \"" + text + "\" does not match block "
                            + b + " which holds a matching record");
                }
            }
        }
        if (!actual.equals(expected)) {
            BitSet extra = (BitSet) actual.clone();
            extra.andNot(expected);
            BitSet missing = (BitSet) expected.clone();
            missing.andNot(actual);
            int example = !extra.isEmpty() ? extra.nextSetBit(0) : missing.nextSetBit(0);
            failures.add(where + ": \"" + text + "\" parsed as " + query + ": block check matches "
                    + extra.cardinality() + " records Lucene does not and misses " + missing.cardinality()
                    + " Lucene matches; e.g. record "
                    + example + " (Lucene: " + expected.get(example) + ") " + describe(records.get(example).log()));
        }
        if (!hasFuzzy(query)) { // Lucene keeps only a fuzzy query's 50 best terms of a segment: not an exact filter
            BitSet found = new BitSet();
            for (LogBlocks.Ref ref : LogBlocks.find(index, LogBlocks.query(widened, Long.MIN_VALUE, Long.MAX_VALUE))) {
                found.set(ref.doc());
            }
            BitSet lost = (BitSet) blocksWithMatch.clone();
            lost.andNot(found);
            if (!lost.isEmpty()) {
                failures.add(where + ": the index finds no block " + lost + " for widened " + widened + " of \"" + text
                        + "\", though they hold matching records");
            }
        }
    }

    /**
     * The records whose own document matches, each in a {@link MemoryIndex} of its own: the reference for fuzzy
     * queries (in an index of many records, Lucene keeps a fuzzy query's 50 closest terms only).
     */
    private static BitSet ownDocuments(List<Rec> records, Query query) throws IOException {
        BitSet out = new BitSet();
        for (Rec r : records) {
            if (r.own().count(query) > 0) {
                out.set(r.id());
            }
        }
        return out;
    }

    /**
     * {@code query} with each fuzzy query keeping up to 1024 terms instead of 50, so that in an index of every
     * record (a few hundred distinct terms a field) it matches what it matches on each record's document alone.
     */
    private static Query allFuzzyTerms(Query query) {
        if (query instanceof FuzzyQuery f) {
            return new FuzzyQuery(f.getTerm(), f.getMaxEdits(), f.getPrefixLength(), IndexSearcher.getMaxClauseCount(),
                    f.getTranspositions());
        }
        if (query instanceof BoostQuery b) {
            return new BoostQuery(allFuzzyTerms(b.getQuery()), b.getBoost());
        }
        if (query instanceof BooleanQuery b) {
            BooleanQuery.Builder out = new BooleanQuery.Builder().setMinimumNumberShouldMatch(
                    b.getMinimumNumberShouldMatch());
            b.clauses().forEach(c -> out.add(allFuzzyTerms(c.query()), c.occur()));
            return out.build();
        }
        return query;
    }

    /** The records' own documents in one real index, doc ID = record ID (one query instead of one a record). */
    private static IndexSearcher perRecordIndex(List<Rec> records, List<AutoCloseable> toClose) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        toClose.add(dir);
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
            for (Rec r : records) {
                w.addDocument(LogDocuments.toDocument(r.log(), ServiceName.of(r.log().resource().getAttributesList()),
                        CORRELATION));
            }
            w.forceMerge(1);
        }
        DirectoryReader reader = DirectoryReader.open(dir);
        toClose.add(0, reader);
        return new IndexSearcher(reader);
    }

    /** The doc IDs matching {@code query}, collected without scores. */
    private static BitSet matching(IndexSearcher searcher, Query query) throws IOException {
        return searcher.search(query, new CollectorManager<Collect, BitSet>() {
            @Override
            public Collect newCollector() {
                return new Collect();
            }

            @Override
            public BitSet reduce(java.util.Collection<Collect> collectors) {
                BitSet all = new BitSet();
                collectors.forEach(c -> all.or(c.found));
                return all;
            }
        });
    }

    private static final class Collect extends SimpleCollector {
        final BitSet found = new BitSet();
        private int base;

        @Override
        protected void doSetNextReader(LeafReaderContext ctx) {
            base = ctx.docBase;
        }

        @Override
        public void collect(int doc) {
            found.set(base + doc);
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    private static boolean hasFuzzy(Query query) {
        AtomicBoolean fuzzy = new AtomicBoolean();
        query.visit(new QueryVisitor() {
            @Override
            public void visitLeaf(Query q) {
                if (q instanceof FuzzyQuery) {
                    fuzzy.set(true);
                }
            }

            @Override
            public void consumeTermsMatching(Query q, String field,
                    java.util.function.Supplier<org.apache.lucene.util.automaton.ByteRunAutomaton> automaton) {
                if (q instanceof FuzzyQuery) {
                    fuzzy.set(true);
                }
            }

            @Override
            public QueryVisitor getSubVisitor(org.apache.lucene.search.BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return fuzzy.get();
    }

    private static String describe(StoredLog log) {
        String record = log.record().toString().replaceAll("\\s+", " ");
        return "{time " + log.timeUnixNano() + ", resource " + text(log.resource().getAttributesList()) + ", scope \""
                + log.scope().getName() + "\", record "
                + (record.length() > 600 ? record.substring(0, 600) + "…" : record) + "}";
    }

    private static String text(List<KeyValue> attributes) {
        return attributes.stream().map(kv -> kv.getKey() + "=" + dev.sightline.storage.model.AnyValues.toText(
                kv.getValue())).toList().toString();
    }

    // ---- records and blocks ----

    private Rec record(int id, Random random) throws IOException {
        Resource resource = RESOURCES.get(random.nextInt(RESOURCES.size()));
        LogRecord.Builder r = LogRecord.newBuilder()
                .setTimeUnixNano(1_709_294_400_000_000_000L + random.nextInt(50) * 1000L)
                .setSeverityText(pick(random, SEVERITIES))
                .setSeverityNumberValue(random.nextInt(25));
        switch (random.nextInt(10)) {
            case 0 -> { } // no body
            case 1 -> r.setBody(str(random.nextBoolean() ? "" : pick(random, List.of("!!!", "---", " ", "..."))));
            case 2, 3 -> r.setBody(structured(random, 0));
            default -> r.setBody(str(sentence(random)));
        }
        int attributes = random.nextInt(5);
        for (int i = 0; i < attributes; i++) {
            r.addAttributes(attribute(random));
        }
        if (random.nextInt(4) == 0) {
            r.setTraceId(ByteString.fromHex(TRACES[random.nextInt(TRACES.length)]));
        }
        if (random.nextInt(5) == 0) {
            r.setSpanId(ByteString.fromHex(SPANS[random.nextInt(SPANS.length)]));
        }
        InstrumentationScope scope = InstrumentationScope.newBuilder().setName(pick(random, SCOPES)).build();
        LogRecord built = r.build();
        StoredLog log = new StoredLog(resource, "", scope, "", built, StoredLog.effectiveTime(built));
        MemoryIndex own = new MemoryIndex();
        for (var field : LogDocuments.toDocument(log, ServiceName.of(resource.getAttributesList()), CORRELATION)) {
            own.addField(field, analyzer);
        }
        return new Rec(id, log, own.createSearcher());
    }

    private static String sentence(Random random) {
        StringBuilder sb = new StringBuilder();
        int words = 1 + random.nextInt(9);
        for (int i = 0; i < words; i++) {
            if (i > 0) {
                sb.append(pick(random, SEPARATORS));
            }
            sb.append(random.nextInt(30) == 0 ? "z".repeat(260 + random.nextInt(20)) : pick(random, WORDS));
        }
        return sb.toString();
    }

    private static AnyValue structured(Random random, int depth) {
        if (random.nextBoolean()) {
            KeyValueList.Builder kv = KeyValueList.newBuilder();
            int n = 1 + random.nextInt(3);
            for (int i = 0; i < n; i++) {
                kv.addValues(attr("k" + i, leafOrNested(random, depth)));
            }
            return AnyValue.newBuilder().setKvlistValue(kv).build();
        }
        ArrayValue.Builder a = ArrayValue.newBuilder();
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            a.addValues(leafOrNested(random, depth));
        }
        return AnyValue.newBuilder().setArrayValue(a).build();
    }

    private static AnyValue leafOrNested(Random random, int depth) {
        return switch (random.nextInt(depth < 2 ? 6 : 5)) {
            case 0 -> num(CODES[random.nextInt(CODES.length)]);
            case 1 -> dbl(RATIOS[random.nextInt(RATIOS.length)]);
            case 2 -> AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build();
            case 3, 4 -> str(sentence(random));
            default -> structured(random, depth + 1);
        };
    }

    private static KeyValue attribute(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> attr("code", num(CODES[random.nextInt(CODES.length)]));
            case 1 -> attr("ratio", dbl(RATIOS[random.nextInt(RATIOS.length)]));
            case 2, 3 -> attr("user", str(pick(random, USERS)));
            case 4 -> attr("ok", AnyValue.newBuilder().setBoolValue(random.nextBoolean()).build());
            case 5 -> attr("path", str(pick(random, List.of("/api/v1/users", "/health", "/api/v2"))));
            case 6 -> attr("request.id", str(pick(random, List.of("req-1", "req-2"))));
            case 7 -> attr(random.nextBoolean() ? "trace_id" : "traceId", str(random.nextInt(4) == 0 ? "not-a-trace"
                    : random.nextBoolean() ? TRACES[random.nextInt(TRACES.length)].toUpperCase()
                    : TRACES[random.nextInt(TRACES.length)]));
            case 8 -> attr("span_id", str(SPANS[random.nextInt(SPANS.length)]));
            case 9 -> attr("mixed", switch (random.nextInt(3)) {
                case 0 -> num(12);
                case 1 -> dbl(12.0);
                default -> str(random.nextBoolean() ? "12" : "twelve");
            });
            case 10 -> random.nextBoolean() ? attr("bad#key", str("hidden"))
                    : attr("long", str("u".repeat(LogValues.MAX_KEYWORD_CHARS + random.nextInt(3) - 1)));
            default -> attr("tags", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                    .addValues(str("a")).addValues(num(1))).build());
        };
    }

    /** The records in blocks of at most {@code size}, by resource, in random order within a resource. */
    private List<Block> blocks(List<Rec> records, Random random, int size) {
        List<Block> out = new ArrayList<>();
        for (Resource resource : RESOURCES) {
            List<Rec> mine = new ArrayList<>(records.stream().filter(r -> r.log().resource().equals(resource))
                    .toList());
            Collections.shuffle(mine, random);
            for (int from = 0; from < mine.size(); from += size) {
                LogBlock.Builder b = new LogBlock.Builder(7, resource, "");
                for (Rec r : mine.subList(from, (int) Math.min(mine.size(), (long) from + size))) {
                    b.add(r.log(), r.id());
                }
                Document doc = LogBlockDocuments.toDocument(b, CORRELATION, analyzer);
                var payload = doc.getBinaryValue(LogFields.BLOCK);
                LogBlock block = LogBlock.decode(payload.bytes, payload.offset, payload.length);
                MemoryIndex own = new MemoryIndex();
                for (var field : doc) {
                    own.addField(field, analyzer);
                }
                out.add(new Block(block, doc, own.createSearcher()));
            }
        }
        return out;
    }

    /** A real index of the layout's block documents, as the log store writes them, doc IDs in layout order. */
    private static IndexSearcher index(List<Block> layout, List<AutoCloseable> toClose) throws IOException {
        ByteBuffersDirectory dir = new ByteBuffersDirectory();
        toClose.add(dir);
        try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig()
                .setCodec(new Lucene103Codec(Lucene103Codec.Mode.BEST_SPEED)))) {
            for (Block b : layout) {
                w.addDocument(b.doc());
            }
            w.forceMerge(1);
        }
        DirectoryReader reader = DirectoryReader.open(dir);
        toClose.add(0, reader);
        return new IndexSearcher(reader);
    }

    // ---- queries ----

    /** A random query: leaves of every form the parser accepts, combined with every operator. */
    private String query(Random random, List<Rec> records, int depth) {
        if (depth >= 3 || random.nextInt(3) != 0) {
            return boost(random, leaf(random, records));
        }
        String a = query(random, records, depth + 1);
        String b = query(random, records, depth + 1);
        String c = query(random, records, depth + 1);
        String group = switch (random.nextInt(14)) {
            case 0 -> a + " AND " + b;
            case 1 -> a + " OR " + b;
            case 2 -> a + " " + b;
            case 3 -> a + " AND NOT " + b;
            case 4 -> "NOT " + a;
            case 5 -> "-" + a;
            case 6 -> "+" + a + " " + b;
            case 7 -> "+" + a + " -" + b;
            case 8 -> a + " OR " + b + " OR " + c;
            case 9 -> "-" + a + " -" + b;
            case 10 -> a + " || " + b + " && " + c;
            case 11 -> a + " OR -" + b;
            case 12 -> "!" + a + " " + b;
            default -> a + " AND (" + b + " OR " + c + ")";
        };
        return random.nextInt(8) == 0 ? "(" + group + ")^" + pick(random, List.of("2", "0.5", "0")) : "(" + group + ")";
    }

    private static String boost(Random random, String leaf) {
        return random.nextInt(7) == 0 ? leaf + "^" + pick(random, List.of("2", "0.5", "0", "10")) : leaf;
    }

    private String leaf(Random random, List<Rec> records) {
        return switch (random.nextInt(26)) {
            case 0, 1 -> esc(word(random, records));
            case 2 -> "body:" + esc(word(random, records));
            case 3, 4 -> phrase(random, records);
            case 5 -> esc(prefix(random, word(random, records))) + "*";
            case 6 -> wildcard(random, word(random, records));
            case 7 -> "/" + regex(random, word(random, records)) + "/";
            case 8 -> esc(word(random, records)) + "~" + pick(random, List.of("", "1", "2", "0", "0.5"));
            case 9 -> "body:" + range(random, pick(random, List.of("a", "e", "m", "re", "t", "*")),
                    pick(random, List.of("d", "m", "ret", "z", "*")));
            case 10, 11 -> numeric(random);
            case 12 -> severityNumber(random);
            case 13, 14, 15 -> keyword(random);
            case 16 -> keywordPattern(random, records);
            case 17 -> "*:*";
            case 18 -> pick(random, List.of("body:*", "attributes.user:*", "resource.region:*", "*"));
            case 19 -> esc(word(random, records)) + " " + esc(word(random, records));
            case 20 -> "attributes.user:" + range(random, pick(random, List.of("a", "A", "b", "*")),
                    pick(random, List.of("b", "o", "z", "*")));
            case 21 -> "\"" + phraseEscape(pick(random, WORDS)) + "\"~" + random.nextInt(3);
            case 22 -> pick(random, List.of("body", "attributes.user", "service")) + ":(" + esc(word(random, records))
                    + pick(random, List.of(" OR ", " AND ", " ", " -")) + esc(pick(random, USERS.subList(0, 5))) + ")";
            case 23 -> "body:" + range(random, "\"" + pick(random, List.of("a", "er", "x ray")) + "\"",
                    "\"" + pick(random, List.of("f", "ti", "zz")) + "\"");
            case 24 -> "attributes.user:\"al ice\"~" + random.nextInt(3);
            default -> "attributes.long:" + pick(random, List.of("u*", "u".repeat(LogValues.MAX_KEYWORD_CHARS),
                    "u".repeat(LogValues.MAX_KEYWORD_CHARS + 1), "/u+/", "\"" + "u".repeat(LogValues.MAX_KEYWORD_CHARS
                    - 1) + "\"*"));
        };
    }

    /** A word of the vocabulary, or one of a record's body as analysed (so that queries find something). */
    private String word(Random random, List<Rec> records) {
        if (random.nextBoolean()) {
            return pick(random, WORDS);
        }
        List<String> tokens = tokens(bodyOf(records.get(random.nextInt(records.size()))));
        return tokens.isEmpty() ? pick(random, WORDS) : pick(random, tokens);
    }

    private String phrase(Random random, List<Rec> records) {
        List<String> tokens = tokens(bodyOf(records.get(random.nextInt(records.size()))));
        List<String> words;
        if (tokens.size() < 2 || random.nextInt(4) == 0) {
            words = List.of(pick(random, WORDS), pick(random, WORDS), pick(random, WORDS)).subList(0,
                    2 + random.nextInt(2));
        } else {
            int len = 2 + random.nextInt(Math.min(3, tokens.size() - 1));
            int from = random.nextInt(tokens.size() - len + 1);
            words = new ArrayList<>(tokens.subList(from, from + len));
            if (random.nextInt(4) == 0) {
                Collections.shuffle(words, random);
            }
        }
        String p = "\"" + String.join(" ", words.stream().map(BlockMatcherTest::phraseEscape).toList()) + "\"";
        return random.nextInt(3) == 0 ? p + "~" + (1 + random.nextInt(3)) : p;
    }

    /** A term as query text: the parser's escapes, and whitespace escaped so that it stays one term. */
    private static String esc(String s) {
        return QueryParser.escape(s).replace(" ", "\\ ").replace("\t", "\\\t").replace("\n", "\\\n");
    }

    private static String phraseEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String bodyOf(Rec r) {
        return LogValues.bodyText(r.log().record().getBody());
    }

    private List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(LogFields.BODY, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String prefix(Random random, String word) {
        int n = word.codePointCount(0, word.length());
        return word.substring(0, word.offsetByCodePoints(0, Math.min(n, random.nextInt(4))));
    }

    private static String wildcard(Random random, String word) {
        int n = word.codePointCount(0, word.length());
        int at = word.offsetByCodePoints(0, random.nextInt(n));
        int after = word.offsetByCodePoints(at, 1);
        String mid = random.nextBoolean() ? "?" : "*";
        return esc(word.substring(0, at)) + mid + esc(word.substring(after));
    }

    private static String regex(Random random, String word) {
        String w = switch (random.nextInt(4)) {
            case 0 -> regexEscape(prefix(random, word)) + ".*";
            case 1 -> {
                int n = word.codePointCount(0, word.length());
                int at = word.offsetByCodePoints(0, random.nextInt(n));
                yield regexEscape(word.substring(0, at)) + "." + regexEscape(word.substring(word.offsetByCodePoints(at,
                        1)));
            }
            case 2 -> "[a-f]" + regexEscape(word.substring(word.offsetByCodePoints(0, 1)));
            default -> regexEscape(word) + "|" + regexEscape(prefix(random, word)) + "[0-9]+";
        };
        return w;
    }

    private static String regexEscape(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (!Character.isLetterOrDigit(c)) {
                sb.append('\\');
            }
            sb.appendCodePoint(c);
        });
        return sb.toString();
    }

    private static String range(Random random, String low, String high) {
        return (random.nextBoolean() ? "[" : "{") + low + " TO " + high + (random.nextBoolean() ? "]" : "}");
    }

    private static String numeric(Random random) {
        String field = pick(random, List.of("attributes.code", "attributes.ratio", "attributes.mixed", "resource.pid",
                "resource.weight", "attributes.user", "resource.build"));
        List<String> numbers = List.of("-1", "0", "3.14", "12", "42", "200", "500", "503", "1000", "1e3", "-2.5",
                "0.75", "-0");
        return switch (random.nextInt(4)) {
            case 0 -> field + ":" + pick(random, List.of(">", ">=", "<", "<=")) + pick(random, numbers);
            case 1 -> field + ":" + esc(pick(random, numbers));
            default -> field + ":" + range(random, random.nextInt(5) == 0 ? "*" : pick(random, numbers),
                    random.nextInt(5) == 0 ? "*" : pick(random, numbers));
        };
    }

    private static String severityNumber(Random random) {
        int a = random.nextInt(26);
        int b = random.nextInt(26);
        return switch (random.nextInt(4)) {
            case 0 -> "severity_number:" + a;
            case 1 -> "severity_number:" + pick(random, List.of(">", ">=", "<", "<=")) + a;
            default -> "severity_number:" + range(random, random.nextInt(5) == 0 ? "*" : Integer.toString(a),
                    random.nextInt(5) == 0 ? "*" : Integer.toString(b));
        };
    }

    private static String keyword(Random random) {
        return switch (random.nextInt(14)) {
            case 0 -> "service:" + pick(random, List.of("checkout", "payments", "unknown_service", "\"check out\"",
                    "check\\ out", "Checkout"));
            case 1 -> "severity:" + pick(random, List.of("ERROR", "warn", "Info", "fatal", "debug", "DEBUG"));
            case 2 -> "scope:" + pick(random, List.of("com.example.db", "http", "café.scope", "com.example"));
            case 3 -> "attributes.user:" + pick(random, List.of("alice", "Alice", "bob", "o'brien", "user_1", "42",
                    "3.14", "日本", "\"al ice\"", "\"\""));
            case 4 -> "attributes.ok:" + pick(random, List.of("true", "false", "TRUE"));
            case 5 -> "attributes.code:" + esc(pick(random, List.of("503", "200", "-1", "503.0", "1000")));
            case 6 -> "attributes.ratio:" + esc(pick(random, List.of("3.14", "12", "0", "-0.0", "0.001", "1e-3")));
            case 7 -> "attributes.mixed:" + pick(random, List.of("12", "12.0", "twelve"));
            case 8 -> "resource.host.name:" + pick(random, List.of("web-1", "web-2", "web"));
            case 9 -> "trace_id:" + (random.nextBoolean() ? TRACES[random.nextInt(TRACES.length)].toUpperCase()
                    : TRACES[random.nextInt(TRACES.length)]);
            case 10 -> "span_id:" + SPANS[random.nextInt(SPANS.length)].toUpperCase();
            case 11 -> "correlation:" + pick(random, List.of("req-1", "req-2", "req-res"));
            case 12 -> "attributes.path:" + esc(pick(random, List.of("/api/v1/users", "/health")));
            default -> pick(random, List.of("attributes.bad#key:hidden", "attributes.tags:" + esc(
                    "[\"a\",1]"), "attributes.code#num:503", "resource.region:eu-west", "resource.build:7",
                    "resource.weight:0.75"));
        };
    }

    private String keywordPattern(Random random, List<Rec> records) {
        String field = pick(random, List.of("service", "attributes.user", "resource.host.name", "severity", "scope",
                "attributes.path", "trace_id", "correlation"));
        String value = pick(random, switch (field) {
            case "service" -> List.of("checkout", "payments", "check out");
            case "attributes.user" -> USERS.subList(0, USERS.size() - 1);
            case "resource.host.name" -> List.of("web-1", "web-2");
            case "severity" -> List.of("ERROR", "warn", "info");
            case "scope" -> List.of("com.example.db", "http");
            case "attributes.path" -> List.of("/api/v1/users", "/health");
            case "trace_id" -> List.of(TRACES[0].toUpperCase(), TRACES[1]);
            default -> List.of("req-1", "req-res");
        });
        return field + ":" + switch (random.nextInt(4)) {
            case 0 -> esc(prefix(random, value)) + "*";
            case 1 -> wildcard(random, value);
            case 2 -> "/" + regex(random, value) + "/";
            default -> esc(value) + "~" + pick(random, List.of("", "1", "2"));
        };
    }

    // ---- values ----

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static Resource resource(KeyValue... attributes) {
        return Resource.newBuilder().addAllAttributes(List.of(attributes)).build();
    }

    static KeyValue attr(String key, AnyValue v) {
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    static AnyValue str(String s) {
        return AnyValue.newBuilder().setStringValue(s).build();
    }

    static AnyValue num(long n) {
        return AnyValue.newBuilder().setIntValue(n).build();
    }

    static AnyValue dbl(double d) {
        return AnyValue.newBuilder().setDoubleValue(d).build();
    }

}
