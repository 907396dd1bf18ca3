package dev.sightline.query.promql.functions;

import dev.sightline.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** sort, sort_desc, sort_by_label, sort_by_label_desc. NaNs sort last for value sorts. */
public final class SortFunctions {
    private SortFunctions() {
    }

    public static List<Sample> byValue(List<Sample> in, boolean desc) {
        List<Sample> out = new ArrayList<>(in);
        out.sort((a, b) -> {
            boolean an = Double.isNaN(a.value());
            boolean bn = Double.isNaN(b.value());
            if (an || bn) {
                return Boolean.compare(an, bn);
            }
            return desc ? Double.compare(b.value(), a.value()) : Double.compare(a.value(), b.value());
        });
        return out;
    }

    public static List<Sample> byLabel(List<Sample> in, List<String> labels, boolean desc) {
        List<Sample> out = new ArrayList<>(in);
        Comparator<Sample> c = (a, b) -> {
            for (String l : labels) {
                int r = naturalCompare(a.labels().get(l), b.labels().get(l));
                if (r != 0) {
                    return r;
                }
            }
            return a.labels().compareTo(b.labels());
        };
        out.sort(desc ? c.reversed() : c);
        return out;
    }

    /** Natural order: runs of digits compare numerically. */
    static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (Character.isDigit(ca) && Character.isDigit(cb)) {
                int si = i;
                int sj = j;
                while (i < a.length() && Character.isDigit(a.charAt(i))) {
                    i++;
                }
                while (j < b.length() && Character.isDigit(b.charAt(j))) {
                    j++;
                }
                java.math.BigInteger na = new java.math.BigInteger(a.substring(si, i));
                java.math.BigInteger nb = new java.math.BigInteger(b.substring(sj, j));
                int r = na.compareTo(nb);
                if (r != 0) {
                    return r;
                }
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
