package dev.sightline.storage.logs;

import java.util.Locale;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * Lucene's classic query syntax over the log fields, {@code body} by default. Only {@code body} is analysed
 * ({@code StandardAnalyzer}); every other field is a keyword matched exactly (severity, trace and span IDs
 * case-insensitively). On {@code attributes.*} and {@code resource.*}, a range whose bounds are numbers runs
 * on the numeric points ({@code [500 TO 599]}), any other range on the text; a numeric term matches the text
 * form or the number ({@code 12} finds {@code 12.0}); {@code >5}, {@code <=5} and so on are one-sided ranges. One instance per query; not thread-safe.
 */
final class LogQueryParser extends QueryParser {
    private static final java.util.regex.Pattern COMPARISON = java.util.regex.Pattern.compile("(>=|<=|>|<)(.+)");
    private boolean leadingWildcard;

    LogQueryParser() {
        super(LogFields.BODY, new StandardAnalyzer());
        setAllowLeadingWildcard(true);
        setDefaultOperator(QueryParser.Operator.AND);
    }

    /**
     * Parses {@code text}; blank means every record.
     *
     * @throws LogQueryException saying where and why the query does not parse
     */
    Query parseQuery(String text) throws LogQueryException {
        if (text == null || text.isBlank()) {
            return new MatchAllDocsQuery();
        }
        try {
            return parse(text);
        } catch (ParseException e) {
            throw new LogQueryException("query does not parse: " + reason(e, text));
        }
    }

    /** Whether the last parsed query has a term starting with a wildcard (which scans the whole term list). */
    boolean hasLeadingWildcard() {
        return leadingWildcard;
    }

    private static final java.util.regex.Pattern LEXICAL = java.util.regex.Pattern.compile(
            "Lexical error at line (\\d+), column (\\d+)\\. Encountered: (\\S+)");
    private static final String HINT = " (check brackets, quotes, field:value pairs and AND/OR/NOT operands)";

    /**
     * Lucene's parser error, reduced to what and where, with 1-based character positions ("unexpected \"AND\" at
     * character 7 (...)", "the query ended unexpectedly after character 28 (...)").
     */
    static String reason(ParseException e, String text) {
        String end = "the query ended unexpectedly after character " + text.length();
        if (e.getCause() instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
            org.apache.lucene.queryparser.classic.Token t = pe.currentToken.next;
            // The classic parser's columns are 0-based offsets into the whole query.
            return (t.kind == 0 ? end : "unexpected \"" + t.image + "\" at character " + (t.beginColumn + 1)) + HINT;
        }
        String m = e.getMessage() == null ? "" : e.getMessage().replaceAll("\\s+", " ");
        java.util.regex.Matcher lexical = LEXICAL.matcher(m);
        if (lexical.find()) {
            return lexical.group(3).contains("<EOF>") ? end + " (a quote or bracket is not closed?)"
                    : "unexpected character " + lexical.group(3) + " at character " + lexical.group(2) + HINT;
        }
        String prefix = "Cannot parse '" + text + "': ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static boolean analysed(String field) {
        return field.equals(LogFields.BODY) || field.equals("*");
    }

    private static String normalise(String field, String text) {
        return switch (field) {
            case LogFields.SEVERITY, LogFields.TRACE_ID, LogFields.SPAN_ID -> text.toLowerCase(Locale.ROOT);
            default -> text;
        };
    }

    private static boolean typed(String field) {
        return field.startsWith(LogFields.ATTRIBUTE_PREFIX) || field.startsWith(LogFields.RESOURCE_PREFIX);
    }

    @Override
    protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
        if (analysed(field)) {
            return super.getFieldQuery(field, text, quoted);
        }
        Query comparison = comparison(field, text);
        if (comparison != null) {
            return comparison;
        }
        if (field.equals(LogFields.SEVERITY_NUMBER)) {
            return IntPoint.newExactQuery(field, severityNumber(text));
        }
        Query term = new TermQuery(new Term(field, normalise(field, text)));
        Double number = typed(field) ? number(text) : null;
        if (number == null) {
            return term;
        }
        return new BooleanQuery.Builder()
                .add(term, BooleanClause.Occur.SHOULD)
                .add(DoublePoint.newExactQuery(field + LogFields.NUMERIC_SUFFIX, number), BooleanClause.Occur.SHOULD)
                .build();
    }

    /** {@code field:>5}, {@code >=5}, {@code <5}, {@code <=5} on numeric fields, as one-sided ranges; else null. */
    private Query comparison(String field, String text) throws ParseException {
        if (!typed(field) && !field.equals(LogFields.SEVERITY_NUMBER)) {
            return null;
        }
        java.util.regex.Matcher m = COMPARISON.matcher(text);
        if (!m.matches() || number(m.group(2)) == null) {
            return null;
        }
        boolean inclusive = m.group(1).length() == 2;
        return m.group(1).startsWith(">") ? getRangeQuery(field, m.group(2), "*", inclusive, true)
                : getRangeQuery(field, "*", m.group(2), true, inclusive);
    }

    /** A group of only negated clauses ({@code -service:x}) means "everything except", as users expect. */
    @Override
    protected Query getBooleanQuery(java.util.List<BooleanClause> clauses) throws ParseException {
        if (!clauses.isEmpty() && clauses.stream().allMatch(c -> c.occur() == BooleanClause.Occur.MUST_NOT)) {
            java.util.List<BooleanClause> all = new java.util.ArrayList<>(clauses);
            all.add(new BooleanClause(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER));
            return super.getBooleanQuery(all);
        }
        return super.getBooleanQuery(clauses);
    }

    @Override
    protected Query getRangeQuery(String field, String lower, String upper, boolean startInclusive,
            boolean endInclusive) throws ParseException {
        if (analysed(field)) {
            return super.getRangeQuery(field, lower, upper, startInclusive, endInclusive);
        }
        boolean openLow = lower == null || lower.equals("*");
        boolean openHigh = upper == null || upper.equals("*");
        if (field.equals(LogFields.SEVERITY_NUMBER)) {
            int lo = openLow ? Integer.MIN_VALUE : severityNumber(lower) + (startInclusive ? 0 : 1);
            int hi = openHigh ? Integer.MAX_VALUE : severityNumber(upper) - (endInclusive ? 0 : 1);
            return IntPoint.newRangeQuery(field, lo, hi);
        }
        Double lowNumber = openLow ? null : number(lower);
        Double highNumber = openHigh ? null : number(upper);
        if (typed(field) && (openLow || lowNumber != null) && (openHigh || highNumber != null)
                && !(openLow && openHigh)) {
            double lo = openLow ? Double.NEGATIVE_INFINITY
                    : startInclusive ? lowNumber : Math.nextUp(lowNumber.doubleValue());
            double hi = openHigh ? Double.POSITIVE_INFINITY
                    : endInclusive ? highNumber : Math.nextDown(highNumber.doubleValue());
            return DoublePoint.newRangeQuery(field + LogFields.NUMERIC_SUFFIX, lo, hi);
        }
        return TermRangeQuery.newStringRange(field, openLow ? null : normalise(field, lower),
                openHigh ? null : normalise(field, upper), startInclusive, endInclusive);
    }

    @Override
    protected Query getWildcardQuery(String field, String text) throws ParseException {
        if (field.equals("*") && text.equals("*")) {
            return new MatchAllDocsQuery();
        }
        noteLeading(text);
        if (analysed(field)) {
            return super.getWildcardQuery(field, text);
        }
        return new WildcardQuery(new Term(field, normalise(field, text)));
    }

    @Override
    protected Query getPrefixQuery(String field, String text) throws ParseException {
        if (text.isEmpty()) {
            leadingWildcard = true;
        }
        if (analysed(field)) {
            return super.getPrefixQuery(field, text);
        }
        return new PrefixQuery(new Term(field, normalise(field, text)));
    }

    @Override
    protected Query getRegexpQuery(String field, String text) throws ParseException {
        noteLeading(text);
        if (analysed(field)) {
            return super.getRegexpQuery(field, text);
        }
        return new RegexpQuery(new Term(field, normalise(field, text)));
    }

    @Override
    protected Query getFuzzyQuery(String field, String text, float minSimilarity) throws ParseException {
        if (analysed(field)) {
            return super.getFuzzyQuery(field, text, minSimilarity);
        }
        int edits = minSimilarity >= 1f ? (int) minSimilarity : FuzzyQuery.defaultMaxEdits;
        return new FuzzyQuery(new Term(field, normalise(field, text)), Math.min(edits, 2));
    }

    private void noteLeading(String text) {
        if (text.startsWith("*") || text.startsWith("?") || text.startsWith(".")) {
            leadingWildcard = true;
        }
    }

    private static int severityNumber(String text) throws ParseException {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new ParseException("severity_number must be an integer, got \"" + text + "\"");
        }
    }

    private static Double number(String text) {
        try {
            double d = Double.parseDouble(text.trim());
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
