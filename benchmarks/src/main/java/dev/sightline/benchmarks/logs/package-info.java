/** Figures about the log store: size on disk of SDK-shaped log records against OTLP/JSON. */
package dev.sightline.benchmarks.logs;
