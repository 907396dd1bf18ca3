package dev.sightline.query.promql;

import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryResult;
import dev.sightline.query.promql.parser.ParseException;
import dev.sightline.query.promql.value.Matrix;
import dev.sightline.query.promql.value.QueryException;
import dev.sightline.query.promql.value.RangeSeries;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.StringValue;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Compares one evaluation's result with the script's expectation, as promqltest does. */
final class EvalCheck {
    private static final double EPSILON = 1e-6;
    private static final Pattern QUERY_SHAPE_FUNCTIONS = Pattern.compile("(?<![@\\w] ?)\\b(step|range|start|end)\\(\\)");

    private EvalCheck() {
    }

    /** Null when the evaluation matches, else a description of the mismatch. */
    static String check(Engine engine, TestScript.Eval e, boolean annotations) {
        QueryResult r;
        try {
            r = e.range ? engine.range(e.expr, e.start, e.end, e.step) : engine.instant(e.expr, e.start);
        } catch (ParseException | QueryException ex) {
            if (!e.fail) {
                return "error: " + ex.getMessage();
            }
            if (e.failMsg != null && !e.failMsg.equals(ex.getMessage())) {
                return "expected error message \"" + e.failMsg + "\", got \"" + ex.getMessage() + "\"";
            }
            if (e.failRegex != null && !Pattern.compile(e.failRegex).matcher(ex.getMessage()).find()) {
                return "expected error matching " + e.failRegex + ", got \"" + ex.getMessage() + "\"";
            }
            return null;
        }
        if (e.fail) {
            return "expected an error, got " + describe(r.value());
        }
        String annotationProblem = annotations ? checkAnnotations(e, r) : null;
        if (annotationProblem != null) {
            return annotationProblem;
        }
        Value v = r.value();
        if (e.expectString != null) {
            return v instanceof StringValue s && s.value().equals(e.expectString) ? null
                    : "expected string \"" + e.expectString + "\", got " + describe(v);
        }
        if (v instanceof Scalar s) {
            String problem = checkScalar(e, s.value());
            return problem != null || e.range ? problem : checkRangeMode(engine, e);
        }
        if (v instanceof Vector vec) {
            String problem = checkVector(e, vec);
            return problem != null || e.ordered ? problem : checkRangeMode(engine, e);
        }
        if (v instanceof Matrix m) {
            long start = e.range ? e.start : e.rangeVector == null ? 0 : e.rangeVector[0];
            long step = e.range ? e.step : e.rangeVector == null ? 1 : e.rangeVector[2];
            return checkMatrix(e, m, start, step);
        }
        return "unexpected result " + describe(v);
    }

    private static String checkAnnotations(TestScript.Eval e, QueryResult r) {
        String w = checkKind("warning", e.warn, e.warnMsg, r.warnings());
        return w != null ? w : checkKind("info", e.info, e.infoMsg, r.infos());
    }

    private static String checkKind(String kind, Boolean expected, String msg, List<String> got) {
        if (expected == null) {
            return null;
        }
        if (!expected && !got.isEmpty()) {
            return "expected no " + kind + ", got " + got;
        }
        if (expected && got.isEmpty()) {
            return "expected a " + kind + (msg == null ? "" : " \"" + msg + "\"") + ", got none";
        }
        if (expected && msg != null && !got.contains(msg)) {
            return "expected " + kind + " \"" + msg + "\", got " + got;
        }
        return null;
    }

    private static String checkScalar(TestScript.Eval e, double got) {
        if (e.expected.size() != 1 || e.expected.get(0).contains("{")) {
            return "expected " + e.expected + ", got scalar " + got;
        }
        double want = TestScript.value(e.expected.get(0).strip());
        return almostEqual(want, got) ? null : "expected scalar " + want + ", got " + got;
    }

    /**
     * As promqltest does: re-run an instant query as a range query from t-1m to t+1m at a 1m step and compare
     * the middle step with the expectation.
     */
    private static String checkRangeMode(Engine engine, TestScript.Eval e) {
        if (QUERY_SHAPE_FUNCTIONS.matcher(e.expr).find()) {
            return null; // step(), range(), start(), end() describe the query itself, so differ by design
        }
        QueryResult r;
        try {
            r = engine.range(e.expr, e.start - 60_000, e.start + 60_000, 60_000);
        } catch (ParseException | QueryException ex) {
            return "range mode: error: " + ex.getMessage();
        }
        Matrix m = (Matrix) r.value();
        List<Sample> middle = new ArrayList<>();
        for (RangeSeries s : m.series()) {
            for (int k = 0; k < s.size(); k++) {
                if (s.t(k) == e.start) {
                    middle.add(new Sample(s.labels(), s.v(k), false));
                    break;
                }
            }
        }
        boolean scalarExpected = e.expected.size() == 1 && !e.expected.get(0).contains("{")
                && TestScript.metricEnd(e.expected.get(0)) == e.expected.get(0).length();
        String problem = scalarExpected && middle.size() == 1 ? checkScalar(e, middle.get(0).value())
                : checkVector(e, new Vector(middle));
        return problem == null ? null : "range mode: " + problem;
    }

    private static String checkVector(TestScript.Eval e, Vector vec) {
        List<Labels> wantLabels = new ArrayList<>();
        List<Double> wantValues = new ArrayList<>();
        for (String line : e.expected) {
            int cut = TestScript.metricEnd(line);
            wantLabels.add(SeriesDescriptor.parse(line.substring(0, cut)));
            List<Double> vals = TestScript.expandValues(line.substring(cut).strip());
            if (vals.size() != 1) {
                return "expected line is not a single sample: " + line;
            }
            wantValues.add(vals.get(0));
        }
        if (wantLabels.size() != vec.samples().size()) {
            return "expected " + wantLabels.size() + " samples, got " + vec.samples().size() + ": " + describe(vec);
        }
        Map<Labels, Integer> got = new HashMap<>();
        for (int i = 0; i < vec.samples().size(); i++) {
            got.put(vec.samples().get(i).labels(), i);
        }
        for (int i = 0; i < wantLabels.size(); i++) {
            Integer idx = got.get(wantLabels.get(i));
            if (idx == null) {
                return "expected series " + wantLabels.get(i) + " not in result " + describe(vec);
            }
            double gotV = vec.samples().get(idx).value();
            if (!almostEqual(wantValues.get(i), gotV)) {
                return "series " + wantLabels.get(i) + ": expected " + wantValues.get(i) + ", got " + gotV;
            }
            if (e.ordered && idx != i) {
                return "expected " + wantLabels.get(i) + " at position " + i + ", got position " + idx + ": "
                        + describe(vec);
            }
        }
        return null;
    }

    private static String checkMatrix(TestScript.Eval e, Matrix m, long start, long step) {
        Map<Labels, RangeSeries> got = new HashMap<>();
        for (RangeSeries s : m.series()) {
            got.put(s.labels(), s);
        }
        if (e.expected.size() != m.series().size()) {
            return "expected " + e.expected.size() + " series, got " + m.series().size() + ": " + describe(m);
        }
        for (String line : e.expected) {
            int cut = TestScript.metricEnd(line);
            Labels l = SeriesDescriptor.parse(line.substring(0, cut));
            List<Double> vals = TestScript.expandValues(line.substring(cut).strip());
            RangeSeries s = got.get(l);
            if (s == null) {
                return "expected series " + l + " not in result " + describe(m);
            }
            List<long[]> wantT = new ArrayList<>();
            List<Double> wantV = new ArrayList<>();
            for (int k = 0; k < vals.size(); k++) {
                if (vals.get(k) != null) {
                    wantT.add(new long[] {start + k * step});
                    wantV.add(vals.get(k));
                }
            }
            if (wantT.size() != s.size()) {
                return "series " + l + ": expected " + wantT.size() + " points, got " + s.size() + ": " + points(s);
            }
            for (int k = 0; k < s.size(); k++) {
                if (wantT.get(k)[0] != s.t(k) || !almostEqual(wantV.get(k), s.v(k))) {
                    return "series " + l + ": point " + k + " expected " + wantV.get(k) + "@" + wantT.get(k)[0]
                            + ", got " + points(s);
                }
            }
        }
        return null;
    }

    static boolean almostEqual(double a, double b) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
            return diff < EPSILON * Double.MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < EPSILON;
    }

    private static String points(RangeSeries s) {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < s.size(); k++) {
            sb.append(s.v(k)).append('@').append(s.t(k)).append(k + 1 < s.size() ? " " : "");
        }
        return sb.append(']').toString();
    }

    static String describe(Value v) {
        return switch (v) {
            case Scalar s -> "scalar " + s.value();
            case StringValue s -> "string \"" + s.value() + "\"";
            case Vector vec -> {
                StringBuilder sb = new StringBuilder("{");
                for (Sample s : vec.samples()) {
                    sb.append(s.labels()).append(' ').append(s.value()).append("; ");
                }
                yield sb.append('}').toString();
            }
            case Matrix m -> {
                StringBuilder sb = new StringBuilder("[");
                for (RangeSeries s : m.series()) {
                    sb.append(s.labels()).append(' ').append(points(s)).append("; ");
                }
                yield sb.append(']').toString();
            }
        };
    }
}
