/**
 * Sightline's configuration: one immutable record tree ({@link dev.sightline.server.config.SightlineConfig} and
 * one record per module) and {@link dev.sightline.server.config.ConfigLoader}, which fills it from defaults in
 * code, a YAML file, {@code SIGHTLINE_*} environment variables and flags, in that order. Keys, environment
 * variable names and the help text are all derived by reflection from the record components, so adding a field
 * to a record is the whole change. Everything here is immutable and safe to share between threads.
 */
package dev.sightline.server.config;
