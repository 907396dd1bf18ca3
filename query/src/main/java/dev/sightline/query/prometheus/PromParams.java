package dev.sightline.query.prometheus;

import dev.sightline.query.http.ApiRequest;
import dev.sightline.storage.model.Matcher;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Prometheus' request parameters: times (Unix seconds or RFC 3339), {@code match[]}, {@code limit}. */
final class PromParams {
    private PromParams() {
    }

    /** A time parameter in Unix milliseconds, or {@code dflt} when absent. */
    static long time(ApiRequest r, String name, long dflt) throws BadDataException {
        String v = r.param(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return new BigDecimal(v).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                return OffsetDateTime.parse(v).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new BadDataException("invalid parameter \"" + name + "\": cannot parse \"" + v
                        + "\" to a valid timestamp");
            }
        }
    }

    /** Each {@code match[]} selector parsed; empty when there is none. */
    static List<List<Matcher>> matchers(ApiRequest r) throws BadDataException {
        List<List<Matcher>> out = new ArrayList<>();
        for (String s : r.params().getOrDefault("match[]", List.of())) {
            try {
                out.add(SeriesSelectorParser.parse(s));
            } catch (IllegalArgumentException e) {
                throw new BadDataException("invalid parameter \"match[]\": " + e.getMessage());
            }
        }
        return out;
    }

    /** The {@code limit} parameter; 0 (or absent) means none. */
    static int limit(ApiRequest r) throws BadDataException {
        String v = r.param("limit");
        if (v == null || v.isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadDataException("invalid parameter \"limit\": limit must be a non-negative integer, got \""
                    + v + "\"");
        }
    }
}
