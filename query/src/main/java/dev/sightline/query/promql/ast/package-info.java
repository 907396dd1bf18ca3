/**
 * The PromQL syntax tree: immutable records under the sealed {@link dev.sightline.query.promql.ast.Expr},
 * plus the pretty printer used by {@code format_query}. Thread-safe.
 */
package dev.sightline.query.promql.ast;
