package dev.sightline.alerting;

import java.nio.file.Path;
import java.util.List;

/**
 * What happens to alerts after the rules are evaluated: notifications, pushes to an Alertmanager, history. The
 * rule manager is the only caller; it owns no listener and never closes one (whoever creates it does).
 */
public interface AlertListener {
    AlertListener NONE = new AlertListener() {
        @Override
        public Runnable prepare(Path rulesDir) {
            return () -> { };
        }

        @Override
        public void evaluated(Evaluation e) {
        }
    };

    /**
     * Reads this listener's configuration from the rules folder on every (re)load, without applying it.
     *
     * @return what applies the configuration; the rule manager runs it only when every file loaded
     * @throws RuleLoadException naming file and reason; the previous configuration stays active
     */
    Runnable prepare(Path rulesDir) throws RuleLoadException;

    /** After each evaluation of an alerting rule, on the evaluation thread; must not wait on the network. */
    void evaluated(Evaluation e);

    /**
     * One evaluation of one alerting rule.
     *
     * @param group the rule group's name
     * @param query the rule's expression, for {@code generatorURL}
     * @param intervalMs the group's evaluation interval
     * @param ts the evaluation time, epoch ms
     * @param before the rule's alerts before the evaluation
     * @param after the rule's alerts after it (pending, firing, resolved in the last 15 minutes)
     */
    record Evaluation(String group, String rule, String query, long intervalMs, long ts, List<Alert> before,
            List<Alert> after) {
        public Evaluation {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    /** Calls each of {@code listeners} in order; a configuration applies only when every one prepared. */
    static AlertListener all(List<AlertListener> listeners) {
        List<AlertListener> ls = List.copyOf(listeners);
        return new AlertListener() {
            @Override
            public Runnable prepare(Path rulesDir) throws RuleLoadException {
                List<Runnable> apply = new java.util.ArrayList<>();
                List<String> errors = new java.util.ArrayList<>();
                for (AlertListener l : ls) {
                    try {
                        apply.add(l.prepare(rulesDir));
                    } catch (RuleLoadException e) {
                        errors.addAll(e.errors());
                    }
                }
                if (!errors.isEmpty()) {
                    throw new RuleLoadException(errors);
                }
                return () -> apply.forEach(Runnable::run);
            }

            @Override
            public void evaluated(Evaluation e) {
                for (AlertListener l : ls) {
                    l.evaluated(e);
                }
            }
        };
    }
}
