package io.earshot.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything the service logs while it is open, at every level that reaches a handler: a {@link Handler} on the root
 * logger (java.util.logging, which is JBoss LogManager in Quarkus tests). Each record is kept as its logger name, raw
 * message, parameters and stack trace, so a secret is found whether or not the message was formatted with it.
 */
public final class LogCapture implements AutoCloseable {
    /**
     * Config overrides that turn on DEBUG for Earshot's code and the JWT and security layers: the levels someone turns
     * on to find out why a token is refused, under which no secret may reach the log (the NoSecretsInLogsTests).
     */
    public static final java.util.Map<String, String> SECURITY_DEBUG = java.util.Map.of(
            "quarkus.log.category.\"io.earshot\".level", "DEBUG",
            "quarkus.log.category.\"io.smallrye.jwt\".level", "DEBUG",
            "quarkus.log.category.\"io.quarkus.smallrye.jwt\".level", "DEBUG",
            "quarkus.log.category.\"io.quarkus.security\".level", "DEBUG",
            "quarkus.log.category.\"io.quarkus.vertx.http.runtime.security\".level", "DEBUG");

    private final ConcurrentLinkedQueue<String> records = new ConcurrentLinkedQueue<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringBuilder text = new StringBuilder(record.getLevel() + " " + record.getLoggerName() + " "
                    + record.getMessage());
            if (record.getParameters() != null) {
                text.append(' ').append(Arrays.deepToString(record.getParameters()));
            }
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            records.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Logger root = Logger.getLogger("");

    private LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<String> records() {
        return new ArrayList<>(records);
    }

    /**
     * Fails when any record holds one of {@code secrets} (a JWT is also searched for by its signature alone); the
     * failure names the record with the secret masked.
     */
    public void assertNoneOf(String... secrets) {
        List<String> needles = new ArrayList<>();
        for (String secret : secrets) {
            needles.add(secret);
            String[] parts = secret.split("\\.");
            if (parts.length == 3 && parts[2].length() >= 16) {
                needles.add(parts[2]);
            }
        }
        List<String> leaks = new ArrayList<>();
        for (String record : records) {
            for (String needle : needles) {
                if (record.contains(needle)) {
                    leaks.add(record.replace(needle, "<secret " + needle.length() + " chars>"));
                }
            }
        }
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " log records hold a secret:\n  " + String.join("\n  ", leaks));
        }
    }

    /** Whether anything was captured at all (a capture that sees nothing proves nothing). */
    public int size() {
        return records.size();
    }

    @Override
    public void close() {
        root.removeHandler(handler);
    }
}
