package dev.sightline.query.promql.ast;

import java.util.Locale;

/** Aggregation operators; some take a parameter. */
public enum AggregateOp {
    SUM, AVG, MIN, MAX, COUNT, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, QUANTILE, COUNT_VALUES, LIMITK, LIMIT_RATIO;

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean hasParam() {
        return this == TOPK || this == BOTTOMK || this == QUANTILE || this == COUNT_VALUES || this == LIMITK
                || this == LIMIT_RATIO;
    }

    public static AggregateOp byName(String s) {
        for (AggregateOp op : values()) {
            if (op.text().equals(s.toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        return null;
    }
}
