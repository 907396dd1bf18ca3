package dev.sightline.storage.model;

/** The four label matcher operators, with the symbol PromQL writes. */
public enum MatchType {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    private final String symbol;

    MatchType(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
