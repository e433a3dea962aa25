package io.earshot.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal RESP client, enough to read every key under a prefix with its members and values (SCAN, TYPE, GET,
 * LRANGE, HGETALL, ZRANGE, SMEMBERS), so a test can prove what Redis no longer holds. Test use only.
 */
final class RedisPeek implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    RedisPeek(String host, int port, int database) {
        try {
            socket = new Socket(host, port);
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
            call("SELECT", String.valueOf(database));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every key under {@code prefix}, as "key => contents" lines. */
    List<String> dump(String prefix) {
        List<String> lines = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> page = (List<?>) call("SCAN", cursor, "MATCH", prefix + "*", "COUNT", "1000");
            cursor = (String) page.get(0);
            for (Object k : (List<?>) page.get(1)) {
                String key = (String) k;
                String type = (String) call("TYPE", key);
                Object contents = switch (type) {
                    case "string" -> call("GET", key);
                    case "list" -> call("LRANGE", key, "0", "-1");
                    case "hash" -> call("HGETALL", key);
                    case "zset" -> call("ZRANGE", key, "0", "-1");
                    case "set" -> call("SMEMBERS", key);
                    default -> type;
                };
                lines.add(key + " => " + contents);
            }
        } while (!"0".equals(cursor));
        return lines;
    }

    Object call(String... args) {
        try {
            StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] b = a.getBytes(StandardCharsets.UTF_8);
                sb.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
            }
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object read() throws IOException {
        int type = in.read();
        String line = line();
        switch (type) {
            case '+', ':' -> {
                return line;
            }
            case '-' -> throw new IllegalStateException("Redis: " + line);
            case '$' -> {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n + 2);
                return new String(b, 0, n, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int n = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    items.add(read());
                }
                return items;
            }
            default -> throw new IllegalStateException("unexpected RESP type " + (char) type);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            b.write(c);
        }
        in.read();
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
