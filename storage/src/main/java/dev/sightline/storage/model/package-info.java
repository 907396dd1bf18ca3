/**
 * Domain values shared by every module: signals, IDs. Immutable and thread-safe.
 */
package dev.sightline.storage.model;
