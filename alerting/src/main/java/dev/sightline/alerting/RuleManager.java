package dev.sightline.alerting;

import dev.sightline.query.promql.eval.Engine;
import dev.sightline.query.promql.eval.QueryLimits;
import dev.sightline.query.promql.value.Sample;
import dev.sightline.query.promql.value.Scalar;
import dev.sightline.query.promql.value.Value;
import dev.sightline.query.promql.value.Vector;
import dev.sightline.storage.logs.LogReader;
import dev.sightline.storage.model.Labels;
import dev.sightline.storage.series.SeriesSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads the rules folder and evaluates each group every {@code interval} of the given clock against the PromQL
 * engine. {@link #start()} loads the rules and starts one scheduler thread that checks once a second which
 * groups are due by the clock, so tests drive time through the clock (or call {@link #evaluateDue()} directly).
 * {@link #reload()} replaces the rules only when every file loads; alerts of rules that keep their group, name
 * and expression carry over. Thread-safe; closes idempotently.
 */
public final class RuleManager implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RuleManager.class.getName());

    private final Path rulesDir;
    private final RuleLoader loader;
    private final SeriesSource source;
    private volatile Engine engine;
    private volatile SeriesWriter writer = SeriesWriter.NONE;
    private final RuleOutputs outputs = new RuleOutputs();
    private final LongSupplier clock;
    private final String externalUrl;
    private volatile AlertListener listener = AlertListener.NONE;
    private final Evidence evidence;
    private final ReentrantLock evalLock = new ReentrantLock();
    private final Map<RuleGroup, Long> nextDue = new HashMap<>();
    private volatile List<RuleGroup> groups = List.of();
    private volatile List<String> lastLoadErrors = List.of();
    private volatile AlertStateFile stateFile;
    private ScheduledExecutorService scheduler;
    private boolean closed;

    /**
     * @param rulesDir the folder of rule files ({@code *.yml}, {@code *.yaml})
     * @param defaultIntervalMs a group's interval when it sets none
     * @param source the series the expressions read
     * @param clock epoch milliseconds; evaluation times come from it
     * @param externalUrl Sightline's URL as users reach it, for {@code $externalURL}
     */
    public RuleManager(Path rulesDir, long defaultIntervalMs, SeriesSource source, LongSupplier clock,
            String externalUrl) {
        this(rulesDir, defaultIntervalMs, source, clock, externalUrl, Evidence.NONE);
    }

    /** As the other constructor, with {@code evidence} adding trace IDs to alert annotations. */
    public RuleManager(Path rulesDir, long defaultIntervalMs, SeriesSource source, LongSupplier clock,
            String externalUrl, Evidence evidence) {
        this.evidence = evidence;
        this.rulesDir = rulesDir;
        this.loader = new RuleLoader(defaultIntervalMs);
        this.source = source;
        this.engine = new Engine(new LogSeriesSource(source, null), QueryLimits.DEFAULT);
        this.clock = clock;
        this.externalUrl = externalUrl;
    }

    /**
     * Hands every evaluation of an alerting rule to {@code l} (notifications, Alertmanager, history) and lets it
     * read its configuration from the rules folder on every reload. Call before {@link #start()}; the caller
     * keeps ownership and closes it after this manager.
     */
    public RuleManager listener(AlertListener l) {
        listener = l;
        return this;
    }

    /**
     * Saves the alerts to {@code file} after every evaluation and restores them from it in {@link #start()}, so a
     * restart keeps pending timers and firing alerts (which are then not notified again as new). Call before
     * {@link #start()}.
     */
    public RuleManager persistTo(Path file) {
        stateFile = new AlertStateFile(file);
        return this;
    }

    /**
     * Lets rules read log selectors ({@code {__logs__="<query>"}[window]}) from {@code logs}. Call before
     * {@link #start()}.
     */
    public RuleManager readLogsFrom(LogReader logs) {
        engine = new Engine(new LogSeriesSource(source, logs), QueryLimits.DEFAULT);
        return this;
    }

    /**
     * Writes recording rules' results, {@code ALERTS} and {@code ALERTS_FOR_STATE} (with staleness markers) to
     * {@code writer} after each rule's evaluation. Call before {@link #start()}.
     */
    public RuleManager writeTo(SeriesWriter writer) {
        this.writer = writer;
        return this;
    }

    /** Loads the rules (errors are logged and leave no rules), restores persisted alerts, starts evaluating. */
    public synchronized RuleManager start() {
        try {
            reload();
        } catch (RuleLoadException e) {
            LOG.log(Level.SEVERE, "rules not loaded: {0}", e.getMessage());
        }
        restoreState();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-rules");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** Restores the alerts saved by {@link #persistTo}; a missing or unreadable file starts afresh. */
    void restoreState() {
        AlertStateFile f = stateFile;
        if (f == null) {
            return;
        }
        Map<String, List<Alert>> saved;
        try {
            saved = f.read();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "alert state not restored, starting afresh: {0}", e.getMessage());
            return;
        }
        evalLock.lock();
        try {
            for (RuleGroup g : groups) {
                for (Rule r : g.rules()) {
                    if (r instanceof AlertingRule a && saved.containsKey(key(g, a))) {
                        a.restore(saved.get(key(g, a)));
                    }
                }
            }
        } finally {
            evalLock.unlock();
        }
    }

    private void saveState() {
        AlertStateFile f = stateFile;
        if (f == null) {
            return;
        }
        Map<String, List<Alert>> all = new LinkedHashMap<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule a) {
                    all.put(key(g, a), a.alerts());
                }
            }
        }
        try {
            f.write(all);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "alert state not saved to " + f.path() + ": " + e.getMessage());
        }
    }

    private void tick() {
        try {
            evaluateDue();
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError) {
                throw t;
            }
            LOG.log(Level.WARNING, "rule evaluation failed", t);
        }
    }

    /**
     * Reloads the rules folder (rule files and {@code receivers.yaml}); on error the previous rules and
     * receivers stay active and the errors are thrown.
     */
    public List<RuleGroup> reload() throws RuleLoadException {
        List<RuleGroup> loaded;
        Runnable applyListener = () -> { };
        try {
            List<String> errors = new ArrayList<>();
            List<RuleGroup> g = List.of();
            try {
                g = loader.loadFolder(rulesDir);
            } catch (RuleLoadException e) {
                errors.addAll(e.errors());
            }
            try {
                applyListener = listener.prepare(rulesDir);
            } catch (RuleLoadException e) {
                errors.addAll(e.errors());
            }
            if (!errors.isEmpty()) {
                throw new RuleLoadException(errors);
            }
            loaded = g;
        } catch (RuleLoadException e) {
            lastLoadErrors = e.errors();
            throw e;
        }
        evalLock.lock();
        try {
            Map<String, AlertingRule> old = new HashMap<>();
            for (RuleGroup g : groups) {
                for (Rule r : g.rules()) {
                    if (r instanceof AlertingRule a) {
                        old.put(key(g, a), a);
                    }
                }
            }
            for (RuleGroup g : loaded) {
                for (Rule r : g.rules()) {
                    if (r instanceof AlertingRule a && old.containsKey(key(g, a))) {
                        a.restore(old.get(key(g, a)).alerts());
                    }
                }
            }
            groups = List.copyOf(loaded);
            applyListener.run();
            lastLoadErrors = List.of();
            nextDue.clear();
            staleRemovedRules();
        } finally {
            evalLock.unlock();
        }
        LOG.info(() -> "loaded " + loaded.size() + " rule groups from " + rulesDir);
        return loaded;
    }

    private static String key(RuleGroup g, Rule r) {
        return g.file() + "\u0000" + g.name() + "\u0000" + r.name() + "\u0000" + r.query();
    }

    /** Staleness markers for the series of rules that the reload removed (or whose expression changed). */
    private void staleRemovedRules() {
        java.util.Set<String> keep = new java.util.HashSet<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                keep.add(key(g, r));
            }
        }
        List<SeriesWriter.Output> stale = outputs.forgetExcept(keep);
        try {
            writer.write(stale, clock.getAsLong());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "staleness markers of removed rules not written: " + e.getMessage());
        }
    }

    public List<RuleGroup> groups() {
        return groups;
    }

    /** The errors of the last reload that failed, or empty when the last reload succeeded. */
    public List<String> lastLoadErrors() {
        return lastLoadErrors;
    }

    /** Evaluates every group whose time has come by the clock; a group is first due when it is first seen. */
    public void evaluateDue() {
        long now = clock.getAsLong();
        evalLock.lock();
        try {
            boolean evaluated = false;
            for (RuleGroup g : groups) {
                long due = nextDue.getOrDefault(g, now);
                if (now >= due) {
                    evaluated = true;
                    evaluate(g, now);
                    long next = due + g.intervalMs();
                    nextDue.put(g, next <= now ? now - Math.floorMod(now - due, g.intervalMs()) + g.intervalMs()
                            : next);
                }
            }
            if (evaluated) {
                saveState();
            }
        } finally {
            evalLock.unlock();
        }
    }

    /** Evaluates every rule of {@code group} at {@code ts}, in order. */
    public void evaluate(RuleGroup group, long ts) {
        long start = System.nanoTime();
        for (Rule r : group.rules()) {
            long ruleStart = System.nanoTime();
            List<SeriesWriter.Output> out;
            try {
                List<Sample> result = samples(engine.instant(r.expr(), ts).value());
                out = switch (r) {
                    case AlertingRule a -> {
                        List<Alert> before = a.alerts();
                        a.eval(result, ts, externalUrl, evidence);
                        List<Alert> after = a.alerts();
                        // the alerts are visible now: so is the health, before the listeners (history fsyncs)
                        health(r, ts, ruleStart, null);
                        handOff(new AlertListener.Evaluation(group.name(), a.name(), a.query(), group.intervalMs(),
                                ts, before, after));
                        yield RuleOutputs.alerts(after);
                    }
                    case RecordingRule rr -> RuleOutputs.recorded(rr, result);
                };
            } catch (RuntimeException e) {
                health(r, ts, ruleStart, e);
                continue;
            }
            // health first, so the API never shows the new alerts beside the previous health while the write runs
            health(r, ts, ruleStart, null);
            try {
                writer.write(outputs.withStaleness(key(group, r), out), ts);
            } catch (RuntimeException | IOException e) {
                health(r, ts, ruleStart, e);
            }
        }
        group.evaluated(ts, (System.nanoTime() - start) / 1e9);
    }

    /** A listener's failure is logged; it does not make the rule unhealthy. */
    private void handOff(AlertListener.Evaluation e) {
        try {
            listener.evaluated(e);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "alert listener failed on rule " + e.rule(), ex);
        }
    }

    private static void health(Rule r, long ts, long startNanos, Exception e) {
        String error = e == null ? "" : e.getMessage() == null ? e.toString() : e.getMessage();
        RuleHealth h = new RuleHealth(error.isEmpty() ? "ok" : "err", error, ts, (System.nanoTime() - startNanos) / 1e9);
        switch (r) {
            case AlertingRule a -> a.health(h);
            case RecordingRule rr -> rr.health(h);
        }
    }

    private static List<Sample> samples(Value v) {
        return switch (v) {
            case Vector vec -> vec.samples();
            case Scalar s -> List.of(new Sample(Labels.EMPTY, s.value(), false));
            default -> throw new IllegalStateException("rule result must be a vector or scalar, got " + v);
        };
    }

    /** Every active (pending or firing) alert, with the rule it belongs to. */
    public List<Alert> activeAlerts() {
        List<Alert> out = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertingRule a) {
                    for (Alert alert : a.alerts()) {
                        if (alert.active()) {
                            out.add(alert);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeScheduler();
    }

    private void closeScheduler() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
