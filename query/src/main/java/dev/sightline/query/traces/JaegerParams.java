package dev.sightline.query.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses query parameters the way Jaeger's query service writes them. Stateless. */
final class JaegerParams {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private JaegerParams() {
    }

    /**
     * A Go duration ({@code 1.2s}, {@code 300ms}, {@code 1h30m}, {@code 500us}) in nanoseconds; a bare number is
     * taken as microseconds, like Jaeger's own trace durations.
     */
    static long durationNanos(String param, String text) throws BadParameterException {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new BadParameterException(param, "empty duration");
        }
        if (s.matches("\\d+")) {
            return Math.multiplyExact(Long.parseLong(s), 1_000L);
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int numStart = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String number = s.substring(numStart, unitStart);
            Long unit = UNITS.get(s.substring(unitStart, i));
            if (number.isEmpty() || unit == null || number.chars().filter(c -> c == '.').count() > 1) {
                throw new BadParameterException(param, "time: invalid duration \"" + text
                        + "\" (use a number and a unit: ns, us, ms, s, m, h, e.g. 1.2s or 300ms)");
            }
            total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
        }
        if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new BadParameterException(param, "duration \"" + text + "\" is too large");
        }
        return total.longValue();
    }

    /** Microseconds since the epoch, as Jaeger sends {@code start} and {@code end}; returned in nanoseconds. */
    static long microsToNanos(String param, String text) throws BadParameterException {
        long micros;
        try {
            micros = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(param, "strconv.ParseInt: parsing \"" + text
                    + "\": invalid syntax (expected microseconds since the Unix epoch)");
        }
        if (micros < 0 || micros > Long.MAX_VALUE / 1_000) {
            throw new BadParameterException(param, micros + " is out of range");
        }
        return micros * 1_000;
    }

    /** Milliseconds (Jaeger's {@code endTs} and {@code lookback}); returned in nanoseconds. */
    static long millisToNanos(String param, String text) throws BadParameterException {
        long millis;
        try {
            millis = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException(param, "\"" + text + "\" is not a number of milliseconds");
        }
        if (millis < 0 || millis > Long.MAX_VALUE / 1_000_000) {
            throw new BadParameterException(param, millis + " is out of range");
        }
        return millis * 1_000_000;
    }

    static int limit(String text, int defaultLimit, int max) throws BadParameterException {
        if (text == null || text.isBlank()) {
            return defaultLimit;
        }
        int n;
        try {
            n = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new BadParameterException("limit", "\"" + text + "\" is not a number");
        }
        if (n < 1 || n > max) {
            throw new BadParameterException("limit", "must be in 1.." + max + ", got " + n);
        }
        return n;
    }

    /**
     * Tags as Jaeger clients send them: {@code tags} as a JSON object ({@code {"error":"true"}}) or logfmt
     * ({@code error=true http.status_code=500}, values may be double-quoted), and any number of
     * {@code tag=key:value}.
     */
    static Map<String, String> tags(List<String> tagsParams, List<String> tagParams) throws BadParameterException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String raw : tagsParams == null ? List.<String>of() : tagsParams) {
            String s = raw.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.startsWith("{")) {
                json(s, out);
            } else {
                logfmt(s, out);
            }
        }
        for (String raw : tagParams == null ? List.<String>of() : tagParams) {
            int colon = raw.indexOf(':');
            if (colon <= 0) {
                throw new BadParameterException("tag", "malformed 'tag' parameter, expected 'key:value', got \""
                        + raw + "\"");
            }
            out.put(raw.substring(0, colon), raw.substring(colon + 1));
        }
        return out;
    }

    private static void json(String s, Map<String, String> out) throws BadParameterException {
        JsonNode node;
        try {
            node = JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new BadParameterException("tags", "malformed JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new BadParameterException("tags", "must be a JSON object of key to value");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (v.isContainerNode() || v.isNull()) {
                throw new BadParameterException("tags", "value of \"" + e.getKey() + "\" must be a string, number or "
                        + "boolean, got " + v);
            }
            out.put(e.getKey(), v.asText());
        }
    }

    private static void logfmt(String s, Map<String, String> out) throws BadParameterException {
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (i >= s.length()) {
                break;
            }
            int eq = s.indexOf('=', i);
            int space = s.indexOf(' ', i);
            if (eq < 0 || (space >= 0 && space < eq) || eq == i) {
                throw new BadParameterException("tags", "malformed logfmt near \"" + s.substring(i)
                        + "\": expected key=value");
            }
            String key = s.substring(i, eq);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < s.length() && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < s.length()) {
                    char c = s.charAt(i++);
                    if (c == '\\' && i < s.length()) {
                        value.append(s.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        value.append(c);
                    }
                }
                if (!closed) {
                    throw new BadParameterException("tags", "unterminated quoted value for key \"" + key + "\"");
                }
            } else {
                while (i < s.length() && s.charAt(i) != ' ') {
                    value.append(s.charAt(i++));
                }
            }
            out.put(key, value.toString());
        }
    }
}
