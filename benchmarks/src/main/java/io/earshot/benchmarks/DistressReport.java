package io.earshot.benchmarks;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import io.earshot.sentiment.scoring.Scorer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Distress detection on Earshot's own hand-written distress set ({@code benchmarks/distress/dev.tsv}, the part tuned
 * on, and {@code test.tsv}, held aside): per kind recall (right kind, and caught at all), precision, how many were
 * only flagged "possible", and the false-positive rate on the hard negatives (a possible flag counts as a false
 * positive: it lands in the distress queue). Run it with {@code benchmarks/run.sh distress [ARGS]}:
 *
 * <pre>
 * --dir DIR        where dev.tsv and test.tsv are (default benchmarks/distress)
 * --misses         list the dev texts it got wrong, with what fired (never lists the test part's texts)
 * --test-misses    also list the test part's texts it got wrong (to report them; do not tune on them)
 * </pre>
 *
 * The set's kind {@code injury} (harm after a product or service failed) is the scorer's kind {@code safety}.
 */
public final class DistressReport {
    static final List<String> KINDS = List.of("self_harm", "safety", "injury", "harassment", "legal", "grief");

    record Item(String kind, String text) {
        /** The scorer's kind this item should get. */
        String expected() {
            return kind.equals("injury") ? "safety" : kind;
        }
    }

    private final PrintStream out;
    private final Scorer scorer = new Scorer();

    private DistressReport(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        Path dir = Path.of("benchmarks", "distress");
        boolean misses = false;
        boolean testMisses = false;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--dir" -> dir = Path.of(args[++i]);
                    case "--misses" -> misses = true;
                    case "--test-misses" -> testMisses = true;
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            System.err.println("DistressReport: " + (e.getMessage() == null ? "missing value" : e.getMessage())
                    + " (see benchmarks/README.md)");
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        DistressReport r = new DistressReport(out);
        out.println("Earshot " + Scorer.MODEL_VERSION + " on the distress set in " + dir);
        out.println("machine: " + Machine.describe() + "; load " + Machine.loadAverage());
        out.println("command: " + System.getProperty("earshot.command", "DistressReport"));
        r.report("dev (tuned on)", load(dir.resolve("dev.tsv")), misses);
        r.report("test (held aside)", load(dir.resolve("test.tsv")), testMisses);
    }

    static List<Item> load(Path file) {
        try {
            List<Item> items = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int tab = line.indexOf('\t');
                String kind = line.substring(0, tab).trim();
                if (!KINDS.contains(kind) && !kind.equals("none")) {
                    throw new IllegalStateException(file + ": unknown kind " + kind);
                }
                items.add(new Item(kind, line.substring(tab + 1).trim()));
            }
            return items;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void report(String title, List<Item> items, boolean listMisses) {
        Map<String, int[]> perKind = new LinkedHashMap<>(); // support, right kind, caught, possible
        KINDS.forEach(k -> perKind.put(k, new int[4]));
        Map<String, int[]> predicted = new LinkedHashMap<>(); // predicted as kind: total, correct
        int negatives = 0;
        int falsePositives = 0;
        int falsePossible = 0;
        List<String> wrong = new ArrayList<>();
        for (Item it : items) {
            Scores s = scorer.score(it.text());
            Distress d = s.distress();
            String got = d.present() ? d.kind().name() : "none";
            if (d.present()) {
                int[] p = predicted.computeIfAbsent(got, k -> new int[2]);
                p[0]++;
                if (got.equals(it.expected())) {
                    p[1]++;
                }
            }
            boolean ok;
            if (it.kind().equals("none")) {
                negatives++;
                ok = !d.present();
                if (!ok) {
                    falsePositives++;
                    falsePossible += d.tentative() ? 1 : 0;
                }
            } else {
                int[] c = perKind.get(it.kind());
                c[0]++;
                ok = got.equals(it.expected());
                c[1] += ok ? 1 : 0;
                c[2] += d.present() ? 1 : 0;
                c[3] += ok && d.tentative() ? 1 : 0;
            }
            if (!ok) {
                wrong.add(String.format(Locale.ROOT, "  %-10s -> %-10s%s %s   [%s]", it.kind(), got,
                        d.tentative() ? " (possible)" : "", it.text(), fired(s)));
            }
        }
        out.println();
        out.println(title + ": " + items.size() + " texts, " + negatives + " hard negatives");
        out.println(String.format(Locale.ROOT, "  %-11s %7s %8s %8s %9s %10s", "kind", "texts", "recall", "caught",
                "possible", "precision"));
        for (Map.Entry<String, int[]> e : perKind.entrySet()) {
            int[] c = e.getValue();
            if (c[0] == 0) {
                continue;
            }
            String kind = e.getKey();
            String precision = "";
            if (!kind.equals("injury")) {
                int[] p = predicted.getOrDefault(kind, new int[2]);
                precision = p[0] == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) p[1] / p[0]);
                if (kind.equals("safety")) {
                    precision += " (with injury)";
                }
            }
            out.println(String.format(Locale.ROOT, "  %-11s %7d %8.3f %8.3f %9d %10s", kind, c[0], (double) c[1] / c[0],
                    (double) c[2] / c[0], c[3], precision));
        }
        out.println(String.format(Locale.ROOT, "  hard negatives flagged: %d of %d = %.3f (%d of them only possible)",
                falsePositives, negatives, negatives == 0 ? 0.0 : (double) falsePositives / negatives, falsePossible));
        out.println("  recall: the right kind (injury counts as safety); caught: any distress kind; possible: right"
                + " kind but flagged possible");
        if (listMisses && !wrong.isEmpty()) {
            out.println("  wrong (gold -> got, text, what fired):");
            wrong.forEach(out::println);
        }
    }

    private static String fired(Scores s) {
        List<String> causes = new ArrayList<>();
        for (Explanation e : s.explanation()) {
            if (e.score().equals("distress")) {
                causes.add(e.cause() + " " + String.format(Locale.ROOT, "%.2f", e.delta()));
            }
        }
        return String.join(", ", causes);
    }
}
