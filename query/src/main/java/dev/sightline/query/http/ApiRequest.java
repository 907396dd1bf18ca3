package dev.sightline.query.http;

import java.util.List;
import java.util.Map;

/**
 * A query API request, decoupled from Netty so handlers are plain functions.
 *
 * @param method upper-case HTTP method
 * @param path the decoded path, without the query string
 * @param params query-string (and form) parameters, each with all its values in order
 * @param pathParams values captured by the route's {@code {name}} segments
 * @param body the request body (empty for GET)
 */
public record ApiRequest(String method, String path, Map<String, List<String>> params,
        Map<String, String> pathParams, byte[] body) {

    /** The first value of a parameter, or null. */
    public String param(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    ApiRequest withPathParams(Map<String, String> captured) {
        return new ApiRequest(method, path, params, captured, body);
    }
}
