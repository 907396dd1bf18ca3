package dev.sightline.query.promql;

import dev.sightline.storage.model.Labels;
import java.util.TreeMap;

/** Parses a series descriptor {@code name{a="b", "c.d"="e"}} as written in promqltest scripts. */
final class SeriesDescriptor {
    private SeriesDescriptor() {
    }

    static Labels parse(String s) {
        TreeMap<String, String> m = new TreeMap<>();
        s = s.strip();
        int brace = s.indexOf('{');
        String name = brace < 0 ? s : s.substring(0, brace).strip();
        if (!name.isEmpty()) {
            m.put(Labels.METRIC_NAME, name);
        }
        if (brace >= 0) {
            int[] pos = {brace + 1};
            while (true) {
                skip(s, pos);
                if (s.charAt(pos[0]) == '}') {
                    break;
                }
                String label;
                if (s.charAt(pos[0]) == '"') {
                    label = quoted(s, pos);
                } else {
                    int st = pos[0];
                    while (Character.isLetterOrDigit(s.charAt(pos[0])) || s.charAt(pos[0]) == '_') {
                        pos[0]++;
                    }
                    label = s.substring(st, pos[0]);
                }
                skip(s, pos);
                if (s.charAt(pos[0]) == ',' || s.charAt(pos[0]) == '}') {
                    m.put(Labels.METRIC_NAME, label);
                } else {
                    pos[0]++; // '='
                    skip(s, pos);
                    m.put(label, quoted(s, pos));
                }
                skip(s, pos);
                if (s.charAt(pos[0]) == ',') {
                    pos[0]++;
                }
            }
        }
        return Labels.fromMap(m);
    }

    private static void skip(String s, int[] pos) {
        while (Character.isWhitespace(s.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static String quoted(String s, int[] pos) {
        char q = s.charAt(pos[0]);
        StringBuilder sb = new StringBuilder();
        int i = pos[0] + 1;
        while (s.charAt(i) != q) {
            char c = s.charAt(i);
            if (c == '\\') {
                char d = s.charAt(++i);
                switch (d) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'x' -> {
                        byte[] bytes = new byte[16];
                        int nb = 0;
                        i--;
                        while (s.startsWith("\\x", i)) {
                            bytes[nb++] = (byte) Integer.parseInt(s.substring(i + 2, i + 4), 16);
                            i += 4;
                        }
                        sb.append(new String(bytes, 0, nb, java.nio.charset.StandardCharsets.UTF_8));
                        i--;
                    }
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> sb.append(d);
                }
                i++;
                continue;
            }
            sb.append(c);
            i++;
        }
        pos[0] = i + 1;
        return sb.toString();
    }
}
