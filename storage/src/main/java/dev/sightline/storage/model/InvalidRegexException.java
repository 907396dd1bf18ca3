package dev.sightline.storage.model;

/** A label regex that does not compile as Go RE2 syntax; carries the regex and the reason. */
public final class InvalidRegexException extends IllegalArgumentException {
    private final String regex;
    private final String reason;

    InvalidRegexException(String regex, String reason, Throwable cause) {
        super("invalid regular expression \"" + regex + "\": " + reason, cause);
        this.regex = regex;
        this.reason = reason;
    }

    /** The regex as the user wrote it (not anchored). */
    public String regex() {
        return regex;
    }

    /** Why it does not compile, in RE2's words ("missing closing )"). */
    public String reason() {
        return reason;
    }
}
