/**
 * Values a PromQL evaluation produces: scalars, strings, instant vectors and range vectors (matrices), and
 * the typed errors it raises. Immutable once built; safe to share between threads.
 */
package dev.sightline.query.promql.value;
