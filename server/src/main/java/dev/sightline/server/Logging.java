package dev.sightline.server;

import dev.sightline.server.config.LogConfig;
import dev.sightline.storage.model.AnyValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Process-wide logging: one line per record on standard error, as text or JSON. Configured once by
 * {@link Main}. Uses java.util.logging, which gRPC and Netty already speak.
 */
final class Logging {
    private Logging() {
    }

    /**
     * Keeps handlers alive through JVM shutdown, so the drain and checkpoint log lines are not lost; the
     * default manager resets itself in its own shutdown hook, racing ours.
     */
    public static final class ShutdownSafeLogManager extends LogManager {
        @Override
        public void reset() {
            // no-op: logging ends with the process
        }
    }

    static void configure(LogConfig config) {
        Logger root = Logger.getLogger("");
        for (var h : root.getHandlers()) {
            root.removeHandler(h);
        }
        ConsoleHandler handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter("json".equals(config.format()) ? new JsonFormatter() : new TextFormatter());
        root.addHandler(handler);
        root.setLevel(level(config.level()));
        // Third-party libraries are chatty at fine levels; keep them at INFO unless asked for more.
        for (String noisy : new String[] {"io.netty", "io.grpc", "org.apache.lucene"}) {
            Logger.getLogger(noisy).setLevel(root.getLevel().intValue() < Level.INFO.intValue() ? Level.INFO : root.getLevel());
        }
    }

    static Level level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.FINEST;
            case "debug" -> Level.FINE;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.SEVERE;
            default -> throw new IllegalArgumentException(
                    "log.level must be one of trace, debug, info, warn, error; got \"" + name + "\"");
        };
    }

    private static String levelName(Level l) {
        if (l.intValue() >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (l.intValue() >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (l.intValue() >= Level.INFO.intValue()) {
            return "INFO";
        }
        return l.intValue() >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String shortName(String logger) {
        return logger == null ? "" : logger.substring(logger.lastIndexOf('.') + 1);
    }

    private static String stackTrace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    private static final class TextFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128)
                    .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(String.format("%-5s", levelName(r.getLevel()))).append(' ')
                    .append(shortName(r.getLoggerName())).append(": ")
                    .append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                sb.append(stackTrace(r.getThrown()));
            }
            return sb.toString();
        }
    }

    static final class JsonFormatter extends Formatter {
        /** The fields every record has; a parameter map cannot override them. */
        private static final java.util.Set<String> RESERVED = java.util.Set.of("time", "level", "logger", "message",
                "thread", "error");

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(160).append("{\"time\":\"").append(Instant.ofEpochMilli(r.getMillis()))
                    .append("\",\"level\":\"").append(levelName(r.getLevel()))
                    .append("\",\"logger\":");
            quote(sb, r.getLoggerName() == null ? "" : r.getLoggerName());
            sb.append(",\"message\":");
            quote(sb, formatMessage(r));
            sb.append(",\"thread\":");
            quote(sb, Thread.currentThread().getName());
            fields(sb, r);
            if (r.getThrown() != null) {
                sb.append(",\"error\":");
                quote(sb, stackTrace(r.getThrown()));
            }
            return sb.append("}\n").toString();
        }

        /**
         * A {@code Map} among the record's parameters adds its entries as fields (numbers and booleans bare,
         * anything else as a string), so log collectors can read them without parsing the message.
         */
        private static void fields(StringBuilder sb, LogRecord r) {
            if (r.getParameters() == null) {
                return;
            }
            for (Object p : r.getParameters()) {
                if (p instanceof java.util.Map<?, ?> map) {
                    map.forEach((k, v) -> {
                        String key = String.valueOf(k);
                        if (RESERVED.contains(key)) {
                            return;
                        }
                        sb.append(',');
                        quote(sb, key);
                        sb.append(':');
                        // NaN and infinities are not JSON numbers: they are written as strings
                        boolean jsonNumber = v instanceof Number n && Double.isFinite(n.doubleValue());
                        if (jsonNumber || v instanceof Boolean) {
                            sb.append(v);
                        } else {
                            quote(sb, String.valueOf(v));
                        }
                    });
                }
            }
        }

        private static void quote(StringBuilder sb, String s) {
            AnyValues.appendString(sb, s);
        }
    }
}
