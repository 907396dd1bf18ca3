package dev.sightline.query.promql.eval;

import dev.sightline.query.promql.ast.Call;
import dev.sightline.query.promql.ast.MatrixSelector;
import dev.sightline.query.promql.ast.VectorSelector;
import dev.sightline.query.promql.functions.RangeFunctions;
import dev.sightline.query.promql.functions.RangeWindow;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.model.Labels;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * A range function over a selector, computed for every step of a range query in one pass per series
 * (series-major, so each series' samples are read while in cache), then served step by step. The value at a
 * step depends only on the step's time, so the cache is valid wherever the call is evaluated at that time.
 */
final class StepCache {
    private static final double[] NO_PARAMS = new double[0];

    private final long start;
    private final long step;
    private final int steps;
    private final List<LoadedSeries> series;
    private final double[] values;
    private final BitSet present;
    private final boolean dropName;

    private StepCache(long start, long step, int steps, List<LoadedSeries> series, double[] values, BitSet present,
            boolean dropName) {
        this.start = start;
        this.step = step;
        this.steps = steps;
        this.series = series;
        this.values = values;
        this.present = present;
        this.dropName = dropName;
    }

    /** Whether {@code c} can be served from a step cache: a parameterless range function over a selector. */
    static boolean applies(Call c) {
        return c.args().size() == 1 && Calls.unwrap(c.args().get(0)) instanceof MatrixSelector
                && !c.name().equals("absent_over_time");
    }

    /**
     * Computes the call at every step; {@code firstWindow} is told the labels of each series the first time one
     * of its windows holds samples (for per-series annotations).
     */
    static StepCache compute(Evaluator ev, Call c, Consumer<Labels> firstWindow) {
        MatrixSelector ms = (MatrixSelector) Calls.unwrap(c.args().get(0));
        VectorSelector v = ms.selector();
        List<LoadedSeries> series = ev.load(v);
        int steps = (int) ((ev.end - ev.start) / ev.step) + 1;
        ev.countSamples((long) series.size() * steps);
        double[] values = new double[series.size() * steps];
        BitSet present = new BitSet(values.length);
        String name = c.name();
        RangeWindow w = new RangeWindow();
        for (int i = 0; i < series.size(); i++) {
            ev.checkDeadline();
            LoadedSeries s = series.get(i);
            LoadedSeries r = s.withoutStale();
            boolean checked = false;
            for (int k = 0; k < steps; k++) {
                long t = ev.start + k * ev.step;
                long ref = ev.refTime(v.at(), v.offsetMs(), t);
                long lo = ref - ms.rangeMs();
                // The window (lo, ref], as Evaluator.window, without building a RangeSeries.
                int from = r.lastAtOrBefore(lo, 0) + 1;
                int to = r.lastAtOrBefore(ref, 1) + 1;
                if (from >= to) {
                    continue;
                }
                if (!checked) {
                    firstWindow.accept(s.labels());
                    checked = true;
                }
                if (RangeFunctions.apply(name, w.set(r.ts(), r.vs(), from, to - from, t, lo, ref), NO_PARAMS)) {
                    values[i * steps + k] = w.result();
                    present.set(i * steps + k);
                }
            }
        }
        return new StepCache(ev.start, ev.step, steps, series, values, present, !RangeFunctions.keepsName(name));
    }

    Vector at(long t) {
        int k = stepIndex(t);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < series.size(); i++) {
            int idx = i * steps + k;
            if (present.get(idx)) {
                out.add(new Sample(series.get(i).labels(), values[idx], dropName));
            }
        }
        return new Vector(out);
    }

    /** The column of step time {@code t}, which must be one of the range query's steps. */
    int stepIndex(long t) {
        return (int) ((t - start) / step);
    }

    /** The series, in the order of {@link #at}'s samples. */
    List<LoadedSeries> series() {
        return series;
    }

    /** Whether series {@code i} has a value at step column {@code k}. */
    boolean present(int i, int k) {
        return present.get(i * steps + k);
    }

    double value(int i, int k) {
        return values[i * steps + k];
    }

    /** The dropName flag of every sample of {@link #at}. */
    boolean dropName() {
        return dropName;
    }
}
