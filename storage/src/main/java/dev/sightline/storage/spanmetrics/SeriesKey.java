package dev.sightline.storage.spanmetrics;

import io.opentelemetry.proto.resource.v1.Resource;

/**
 * What one span-metrics series is counted by: the span's resource (all its attributes, as the connector groups
 * by resource) and the four default dimensions. {@code overflow} marks the one series that counts spans past the
 * series limit, whose resource and dimensions are empty.
 *
 * @param kind the span kind's enum name, e.g. {@code SPAN_KIND_SERVER}
 * @param status the status code's enum name, e.g. {@code STATUS_CODE_ERROR}
 */
record SeriesKey(Resource resource, String service, String spanName, String kind, String status, boolean overflow) {
    /** The one series past the limit: no resource, empty dimensions. */
    static final SeriesKey OVERFLOW = new SeriesKey(Resource.getDefaultInstance(), "", "", "", "", true);
}
