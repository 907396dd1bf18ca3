package dev.sightline.query.promql.api;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.query.http.ApiResponse;
import dev.sightline.query.http.Router;
import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.PrettyPrinter;
import dev.sightline.query.promql.ast.ValueType;
import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.eval.QueryResult;
import dev.sightline.query.promql.parser.ParseException;
import dev.sightline.query.promql.parser.Parser;
import dev.sightline.query.promql.value.ErrorType;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.storage.series.SeriesSource;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Prometheus' query endpoints: {@code GET|POST /api/v1/query}, {@code /api/v1/query_range} and
 * {@code /api/v1/format_query}. Errors answer {@code bad_data} (400), {@code execution} (422) or
 * {@code timeout} (503) as Prometheus does.
 */
public final class PromqlApi {
    /** Prometheus refuses range queries with more points than this per series. */
    static final long MAX_POINTS = 11_000;

    private final SeriesSource source;
    private final QueryLimits limits;
    private final LongSupplier clock;

    public PromqlApi(SeriesSource source) {
        this(source, QueryLimits.DEFAULT, System::currentTimeMillis);
    }

    public PromqlApi(SeriesSource source, QueryLimits limits, LongSupplier clockMillis) {
        this.source = source;
        this.limits = limits;
        this.clock = clockMillis;
    }

    public void register(Router router) {
        for (String method : new String[] {"GET", "POST"}) {
            router.add(method, "/api/v1/query", this::query);
            router.add(method, "/api/v1/query_range", this::queryRange);
            router.add(method, "/api/v1/format_query", this::formatQuery);
        }
    }

    ApiResponse query(ApiRequest r) throws IOException {
        try {
            Expr expr = parse(r);
            long time = r.param("time") == null || r.param("time").isEmpty() ? clock.getAsLong()
                    : ApiParams.time("time", r.param("time"));
            QueryResult result = engine(r).instant(expr, time);
            return ApiResponse.json(200, ResultJson.success(result, time));
        } catch (ApiParams.BadParameter e) {
            return error(ErrorType.BAD_DATA, e.getMessage());
        } catch (QueryException e) {
            return error(e.type(), e.getMessage());
        }
    }

    ApiResponse queryRange(ApiRequest r) throws IOException {
        try {
            long start = ApiParams.time("start", required(r, "start"));
            long end = ApiParams.time("end", required(r, "end"));
            if (end < start) {
                return error(ErrorType.BAD_DATA, "end timestamp must not be before start time");
            }
            long step = ApiParams.duration("step", required(r, "step"));
            if (step <= 0) {
                return error(ErrorType.BAD_DATA,
                        "zero or negative query resolution step widths are not accepted. Try a positive integer");
            }
            if ((end - start) / step > MAX_POINTS) {
                return error(ErrorType.BAD_DATA, "exceeded maximum resolution of 11,000 points per timeseries. "
                        + "Try decreasing the query resolution (?step=XX)");
            }
            Expr expr = parse(r);
            if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
                return error(ErrorType.BAD_DATA, "invalid parameter \"query\": invalid expression type \""
                        + expr.type().text() + "\" for range query, must be Scalar or instant Vector");
            }
            QueryResult result = engine(r).range(expr, start, end, step);
            return ApiResponse.json(200, ResultJson.success(result, end));
        } catch (ApiParams.BadParameter e) {
            return error(ErrorType.BAD_DATA, e.getMessage());
        } catch (QueryException e) {
            return error(e.type(), e.getMessage());
        }
    }

    ApiResponse formatQuery(ApiRequest r) throws IOException {
        try {
            return ApiResponse.json(200, ResultJson.success(PrettyPrinter.pretty(parse(r))));
        } catch (ApiParams.BadParameter e) {
            return error(ErrorType.BAD_DATA, e.getMessage());
        }
    }

    private Engine engine(ApiRequest r) throws ApiParams.BadParameter {
        QueryLimits l = limits;
        String timeout = r.param("timeout");
        if (timeout != null && !timeout.isEmpty()) {
            long ms = ApiParams.duration("timeout", timeout);
            if (ms > 0 && ms < l.timeout().toMillis()) {
                l = l.withTimeout(Duration.ofMillis(ms));
            }
        }
        return new Engine(source, l);
    }

    private static String required(ApiRequest r, String name) throws ApiParams.BadParameter {
        String v = r.param(name);
        if (v == null || v.isEmpty()) {
            throw new ApiParams.BadParameter(name, "cannot parse \"\" to a valid " + (name.equals("step")
                    ? "duration" : "timestamp"));
        }
        return v;
    }

    private static Expr parse(ApiRequest r) throws ApiParams.BadParameter {
        String q = r.param("query");
        try {
            return Parser.parse(q == null ? "" : q);
        } catch (ParseException e) {
            throw new ApiParams.BadParameter("query", e.getMessage());
        }
    }

    static int status(ErrorType type) {
        return switch (type) {
            case BAD_DATA -> 400;
            case EXECUTION -> 422;
            case TIMEOUT -> 503;
            case CANCELED -> 499;
            case INTERNAL -> 500;
        };
    }

    private static ApiResponse error(ErrorType type, String message) throws IOException {
        return ApiResponse.json(status(type), ResultJson.error(type.text(), message));
    }
}
