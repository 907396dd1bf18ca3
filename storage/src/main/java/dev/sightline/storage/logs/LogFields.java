package dev.sightline.storage.logs;

import dev.sightline.storage.model.CorrelationKeys;

/**
 * Field names of the log index: the vocabulary of log search queries ({@code body} is the default field).
 * Names starting with {@code _} and ending in {@link #NUMERIC_SUFFIX} are internal.
 */
public final class LogFields {
    /** The body, analysed by {@code StandardAnalyzer}; structured bodies contribute every leaf value. */
    public static final String BODY = "body";
    /** {@code service.name} of the resource. */
    public static final String SERVICE = "service";
    /** Severity text, lower-cased at index and query time, so {@code severity:ERROR} equals {@code severity:error}. */
    public static final String SEVERITY = "severity";
    /** Severity number 1..24 (int points: terms and ranges). */
    public static final String SEVERITY_NUMBER = "severity_number";
    /** Lower-case hex; from the record's field, else from a {@code trace_id}/{@code traceId} attribute. */
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    /** Instrumentation scope name. */
    public static final String SCOPE = "scope";
    /** Record attributes: {@code attributes.<key>}, the value's text form (keyword). */
    public static final String ATTRIBUTE_PREFIX = "attributes.";
    /** Resource attributes: {@code resource.<key>}. */
    public static final String RESOURCE_PREFIX = "resource.";
    /** Int and double attribute values are also indexed as double points under {@code <field>#num}, for ranges. */
    public static final String NUMERIC_SUFFIX = "#num";
    public static final String CORRELATION = CorrelationKeys.FIELD;

    /** A block's records (docs/format/log-index.md), stored. */
    static final String BLOCK = "_block";
    /** Earliest and latest record time of a block, Unix ns: points (window filter) and doc values (order). */
    static final String MIN_TIME = "_tmin";
    static final String MAX_TIME = "_tmax";
    /** Format 1 kept each record in a document of its own, under this stored field. */
    static final String FORMAT1_SOURCE = "_source";

    private LogFields() {
    }

    /** True for fields users may name in queries and in the fields API. */
    static boolean isPublic(String field) {
        return !field.startsWith("_") && !field.endsWith(NUMERIC_SUFFIX);
    }

    /** True for the keyword fields that keep doc values, so their top values can be counted. */
    static boolean hasValues(String field) {
        return field.equals(SERVICE) || field.equals(SEVERITY) || field.equals(SCOPE)
                || field.startsWith(ATTRIBUTE_PREFIX) || field.startsWith(RESOURCE_PREFIX);
    }
}
