package dev.sightline.alerting;

/** Prometheus' {@code humanize*} template functions, with Go's {@code %.4g} formatting. */
final class Humanize {
    private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
    private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

    private Humanize() {
    }

    static String apply(String name, double v) {
        return switch (name) {
            case "humanize" -> humanize(v);
            case "humanize1024" -> humanize1024(v);
            case "humanizePercentage" -> GoFormat.g(v * 100, 4) + "%";
            case "humanizeDuration" -> duration(v);
            default -> throw new IllegalArgumentException("not a humanize function: " + name);
        };
    }

    static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : BIG) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
        } else {
            for (String p : SMALL) {
                if (Math.abs(v) >= 1) {
                    break;
                }
                prefix = p;
                v *= 1000;
            }
        }
        return GoFormat.g(v, 4) + prefix;
    }

    static String humanize1024(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        String prefix = "";
        for (String p : BINARY) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return GoFormat.g(v, 4) + prefix;
    }

    static String duration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        if (v == 0) {
            return "0s";
        }
        String sign = v < 0 ? "-" : "";
        v = Math.abs(v);
        if (v >= 1) {
            long s = (long) v;
            long days = s / 86400;
            long hours = s / 3600 % 24;
            long minutes = s / 60 % 60;
            long seconds = s % 60;
            if (days != 0) {
                return String.format("%s%dd %dh %dm %ds", sign, days, hours, minutes, seconds);
            }
            if (hours != 0) {
                return String.format("%s%dh %dm %ds", sign, hours, minutes, seconds);
            }
            if (minutes != 0) {
                return String.format("%s%dm %ds", sign, minutes, seconds);
            }
            return sign + GoFormat.g(v, 4) + "s";
        }
        String prefix = "";
        for (String p : new String[] {"m", "u", "n"}) {
            if (v >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return sign + GoFormat.g(v, 4) + prefix + "s";
    }
}
