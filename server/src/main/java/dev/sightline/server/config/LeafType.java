package dev.sightline.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The value types a configuration record component may have, with how each is read from text (YAML scalars,
 * environment variables and flags all arrive as text) and written back for defaults and help.
 */
enum LeafType {
    INT("int") {
        @Override
        Object parse(String text) {
            return (int) parseInteger(text, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
        }
    },
    LONG("long") {
        @Override
        Object parse(String text) {
            return parseInteger(text, Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
        }
    },
    BOOLEAN("boolean") {
        @Override
        Object parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("\"" + text + "\" is not a boolean (use true or false)");
            };
        }
    },
    STRING("string") {
        @Override
        Object parse(String text) {
            return text;
        }
    },
    PATH("path") {
        @Override
        Object parse(String text) {
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not a path: " + e.getReason(), e);
            }
        }
    },
    DURATION("duration") {
        @Override
        Object parse(String text) {
            return PrometheusDuration.parse(text);
        }

        @Override
        String format(Object value) {
            return PrometheusDuration.format((Duration) value);
        }
    },
    SIZE("size") {
        @Override
        Object parse(String text) {
            return ByteSize.parse(text);
        }
    },
    /** A list of strings: comma-separated in flags and environment variables, a sequence (or that text) in YAML. */
    STRING_LIST("list") {
        @Override
        Object parse(String text) {
            java.util.List<String> out = new java.util.ArrayList<>();
            for (String part : text.split(",")) {
                String p = part.strip();
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return java.util.List.copyOf(out);
        }

        @Override
        String format(Object value) {
            return ((java.util.List<?>) value).stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        }
    };

    private final String typeName;

    LeafType(String typeName) {
        this.typeName = typeName;
    }

    /** The name shown in help and {@link ConfigKey#type()}. */
    String typeName() {
        return typeName;
    }

    /** @throws IllegalArgumentException whose message names the text and what was expected */
    abstract Object parse(String text);

    /** Text that {@link #parse} turns back into {@code value}. */
    String format(Object value) {
        return String.valueOf(value);
    }

    /** The leaf type for a record component's type, or {@code null} if it is not a supported leaf type. */
    static LeafType of(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return INT;
        } else if (type == long.class || type == Long.class) {
            return LONG;
        } else if (type == boolean.class || type == Boolean.class) {
            return BOOLEAN;
        } else if (type == String.class) {
            return STRING;
        } else if (type == Path.class) {
            return PATH;
        } else if (type == Duration.class) {
            return DURATION;
        } else if (type == ByteSize.class) {
            return SIZE;
        } else if (type == java.util.List.class) {
            return STRING_LIST; // List<String>: the only list configuration has
        }
        return null;
    }

    private static long parseInteger(String text, long min, long max, String what) {
        String s = text.strip();
        long value;
        try {
            value = Long.parseLong(s);
        } catch (NumberFormatException e) {
            String why = s.matches("[+-]?[0-9]+") ? " (out of range)" : "";
            throw new IllegalArgumentException("\"" + text + "\" is not " + what + why, e);
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("\"" + text + "\" is not " + what + " (out of range)");
        }
        return value;
    }
}
