package dev.sightline.alerting;

import java.util.List;

/**
 * A group of rules evaluated together, in order, every {@code intervalMs}. The evaluation fields are written by
 * the one thread that evaluates the group and read by the API.
 */
public final class RuleGroup {
    private final String name;
    private final String file;
    private final long intervalMs;
    private final List<Rule> rules;
    private volatile long lastEvaluation;
    private volatile double evaluationSeconds;

    RuleGroup(String name, String file, long intervalMs, List<Rule> rules) {
        this.name = name;
        this.file = file;
        this.intervalMs = intervalMs;
        this.rules = List.copyOf(rules);
    }

    public String name() {
        return name;
    }

    /** The file the group was read from, as given to the loader. */
    public String file() {
        return file;
    }

    public long intervalMs() {
        return intervalMs;
    }

    public List<Rule> rules() {
        return rules;
    }

    public long lastEvaluation() {
        return lastEvaluation;
    }

    public double evaluationSeconds() {
        return evaluationSeconds;
    }

    void evaluated(long at, double seconds) {
        lastEvaluation = at;
        evaluationSeconds = seconds;
    }
}
