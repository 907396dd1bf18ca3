/**
 * The query API's HTTP plumbing: a Netty server that runs {@link dev.sightline.query.http.ApiHandler}s on
 * virtual threads, and a small path router. Thread-safe once started.
 */
package dev.sightline.query.http;
