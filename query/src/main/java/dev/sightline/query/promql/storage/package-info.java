/**
 * Series held in memory behind storage's {@link dev.sightline.storage.series.SeriesSource}, for the conformance
 * tests, rule tests and benchmarks (the server reads the metric store itself). Safe for concurrent reads once
 * loaded; loading is single-threaded.
 */
package dev.sightline.query.promql.storage;
