package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.Expr;
import dev.sightline.query.promql.ast.ValueType;
import dev.sightline.query.promql.parser.ParsedQuery;
import dev.sightline.query.promql.parser.Parser;
import dev.sightline.query.promql.value.ErrorType;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.RangeSeries;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SeriesSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs instant and range queries over a {@link SeriesSource}. Thread-safe: every query gets its own
 * {@link Evaluator}.
 */
public final class Engine {
    private final SeriesSource source;
    private final QueryLimits limits;

    public Engine(SeriesSource source, QueryLimits limits) {
        this.source = source;
        this.limits = limits;
    }

    public QueryLimits limits() {
        return limits;
    }

    /** Parses and runs an instant query at {@code timeMs}. */
    public QueryResult instant(String query, long timeMs) {
        return instant(Parser.parseWithPositions(query), timeMs);
    }

    public QueryResult instant(Expr expr, long timeMs) {
        return instant(ParsedQuery.of(expr), timeMs);
    }

    public QueryResult instant(ParsedQuery query, long timeMs) {
        Expr expr = query.expr();
        Evaluator ev = new Evaluator(source, query, timeMs, timeMs, 0, limits, deadline());
        Value v = ev.eval(expr, timeMs);
        v = switch (v) {
            case Vector vec -> new Vector(finish(vec.samples()));
            case Matrix m -> finishMatrix(m);
            default -> v;
        };
        return new QueryResult(v, ev.annotations().warnings(), ev.annotations().infos(), ev.samplesLoaded());
    }

    /** Parses and runs a range query; {@code stepMs} must be positive. */
    public QueryResult range(String query, long startMs, long endMs, long stepMs) {
        return range(Parser.parseWithPositions(query), startMs, endMs, stepMs);
    }

    public QueryResult range(Expr expr, long startMs, long endMs, long stepMs) {
        return range(ParsedQuery.of(expr), startMs, endMs, stepMs);
    }

    public QueryResult range(ParsedQuery query, long startMs, long endMs, long stepMs) {
        Expr expr = query.expr();
        if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
            throw new QueryException(ErrorType.BAD_DATA, "invalid expression type \"" + expr.type().text()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        if (stepMs <= 0) {
            throw new QueryException(ErrorType.BAD_DATA, "zero or negative query resolution step widths are not "
                    + "accepted. Try a positive integer");
        }
        Evaluator ev = new Evaluator(source, query, startMs, endMs, stepMs, limits, deadline());
        Map<Labels, Evaluator.SeriesBuilder> series = new LinkedHashMap<>();
        long points = 0;
        for (long t = startMs; t <= endMs; t += stepMs) {
            Value v = ev.eval(expr, t);
            List<Sample> samples = v instanceof Scalar s ? List.of(new Sample(Labels.EMPTY, s.value(), false))
                    : finish(((Vector) v).samples());
            for (Sample s : samples) {
                series.computeIfAbsent(s.labels(), Evaluator.SeriesBuilder::new).add(t, s.value(), false);
            }
            points += samples.size();
            if (points > limits.maxSamples()) {
                throw new QueryException(ErrorType.EXECUTION,
                        "query processing would load too many samples into memory in query execution");
            }
        }
        List<RangeSeries> out = new ArrayList<>(series.size());
        for (Evaluator.SeriesBuilder b : series.values()) {
            out.add(b.build());
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new QueryResult(new Matrix(out), ev.annotations().warnings(), ev.annotations().infos(),
                ev.samplesLoaded());
    }

    private long deadline() {
        return System.nanoTime() + limits.timeout().toNanos();
    }

    /** Applies delayed {@code __name__} removal and rejects duplicate label sets. */
    static List<Sample> finish(List<Sample> in) {
        List<Sample> out = new ArrayList<>(in.size());
        boolean dropped = false;
        for (Sample s : in) {
            if (s.dropName() && s.labels().has(Labels.METRIC_NAME)) {
                out.add(new Sample(s.labels().withoutName(), s.value(), false));
                dropped = true;
            } else {
                out.add(s);
            }
        }
        if (dropped || out.size() > 1) {
            Set<Labels> seen = new HashSet<>();
            for (Sample s : out) {
                if (!seen.add(s.labels())) {
                    throw QueryException.execution("vector cannot contain metrics with the same labelset");
                }
            }
        }
        return out;
    }

    private static Matrix finishMatrix(Matrix m) {
        List<RangeSeries> out = new ArrayList<>(m.series().size());
        for (RangeSeries s : m.series()) {
            out.add(s.dropName() ? s.withLabels(s.labels().withoutName(), false) : s);
        }
        return new Matrix(out);
    }
}
