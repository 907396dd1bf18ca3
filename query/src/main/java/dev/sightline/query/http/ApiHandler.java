package dev.sightline.query.http;

/** Answers one route. Runs on a virtual thread, so it may block on storage. */
@FunctionalInterface
public interface ApiHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
