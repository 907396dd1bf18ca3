/**
 * Lexer and recursive-descent parser for PromQL, producing the {@code ast} records and Prometheus-style
 * errors ({@code 1:5: parse error: ...}). Stateless entry point; each parse uses its own objects.
 */
package dev.sightline.query.promql.parser;
