/**
 * The PromQL function library: range-vector functions ({@code rate}, {@code *_over_time}, ...), element-wise
 * math and time functions, label manipulation and classic-histogram functions. Stateless and thread-safe.
 */
package dev.sightline.query.promql.functions;
