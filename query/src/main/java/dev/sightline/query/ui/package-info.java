/** Serves the trace-lookup page's static files from the classpath. Thread-safe. */
package dev.sightline.query.ui;
