/**
 * The query side: the HTTP API on port 7070 and the engines behind it. Subpackages by API: {@code http}
 * (plumbing), {@code health}, {@code traces}, {@code jaeger} (Jaeger's JSON model), {@code ui} (the page).
 */
package dev.sightline.query;
