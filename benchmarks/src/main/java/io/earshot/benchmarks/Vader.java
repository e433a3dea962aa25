package io.earshot.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The VADER reference scorer: {@code node benchmarks/vader/score.js} (npm vader-sentiment, pinned by its lock file). */
final class Vader {
    private static final Pattern COMPOUND = Pattern.compile("\"compound\":(-?[0-9.eE+-]+)");
    private static final Pattern RATE = Pattern.compile("\"textsPerSecond\":([0-9.eE+-]+)");
    private static final Pattern CPU_RATE = Pattern.compile("\"textsPerCpuSecond\":([0-9.eE+-]+)");
    private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]*)\"");

    private final String node;
    private final Path dir;

    Vader(String node, Path dir) {
        this.node = node;
        this.dir = dir;
    }

    /** Why VADER cannot run here, or null when it can. */
    String unavailable() {
        if (!Files.isRegularFile(dir.resolve("score.js"))) {
            return "no " + dir.resolve("score.js");
        }
        if (!Files.isDirectory(dir.resolve("node_modules").resolve("vader-sentiment"))) {
            return "vader-sentiment is not installed: run (cd " + dir + " && npm ci), or benchmarks/run.sh accuracy";
        }
        try {
            Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "'" + node + " --version' failed";
            }
        } catch (IOException e) {
            return "cannot run '" + node + "' (" + e.getMessage() + "): install Node.js 18 or newer";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return null;
    }

    /** VADER's compound score of each text, in order. */
    double[] compound(List<String> texts) {
        List<String> out = run(texts);
        if (out.size() != texts.size()) {
            throw new IllegalStateException("score.js gave " + out.size() + " results for " + texts.size() + " texts");
        }
        double[] c = new double[texts.size()];
        for (int i = 0; i < c.length; i++) {
            Matcher m = COMPOUND.matcher(out.get(i));
            if (!m.find()) {
                throw new IllegalStateException("score.js line " + (i + 1) + ": no compound in " + out.get(i));
            }
            c[i] = Double.parseDouble(m.group(1));
        }
        return c;
    }

    /**
     * Single-threaded texts/s over {@code texts}, measured inside Node after its own warm-up: [wall-clock rate, node
     * version, rate per CPU-second of the Node process].
     */
    String[] throughput(List<String> texts, double warmupSeconds, double measureSeconds) {
        List<String> out = run(texts, "--bench", String.valueOf(warmupSeconds), String.valueOf(measureSeconds));
        String line = out.isEmpty() ? "" : out.get(out.size() - 1);
        Matcher m = RATE.matcher(line);
        Matcher v = NODE.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("score.js --bench printed no rate: " + line);
        }
        Matcher c = CPU_RATE.matcher(line);
        if (!c.find()) {
            throw new IllegalStateException("score.js --bench printed no CPU rate: " + line);
        }
        return new String[]{m.group(1), v.find() ? v.group(1) : "?", c.group(1)};
    }

    private List<String> run(List<String> texts, String... args) {
        Path input = null;
        try {
            input = Files.createTempFile("earshot-vader-", ".jsonl");
            try (BufferedWriter w = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
                for (String t : texts) {
                    w.write(jsonString(t));
                    w.write('\n');
                }
            }
            List<String> cmd = new ArrayList<>(List.of(node, dir.resolve("score.js").toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(input.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> lines = new ArrayList<>(texts.size());
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null;) {
                    lines.add(line);
                }
            }
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + rc);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("running VADER through " + node, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (input != null) {
                try {
                    Files.deleteIfExists(input);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    /** A JSON string literal; everything outside printable ASCII is a \\u escape, so lone surrogates survive. */
    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }
}
