/** Liveness and readiness endpoints. Thread-safe. */
package dev.sightline.query.health;
