/** JMH benchmarks of the hot ingest path; packages mirror the production ones. Run from the shaded jar. */
package dev.sightline.benchmarks;
