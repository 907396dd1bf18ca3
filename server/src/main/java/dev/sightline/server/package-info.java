/** The launcher: configuration, wiring and lifecycle of the single-node server. */
package dev.sightline.server;
