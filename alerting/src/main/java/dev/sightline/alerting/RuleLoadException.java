package dev.sightline.alerting;

import java.util.List;

/** Rule files that cannot be loaded; each error names the file, line, group and rule where it can. */
public final class RuleLoadException extends Exception {
    private final List<String> errors;

    public RuleLoadException(List<String> errors) {
        super(String.join("; ", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
