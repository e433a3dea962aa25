package io.earshot.benchmarks;

import io.earshot.sentiment.scoring.Scorer;
import io.earshot.sentiment.scoring.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Earshot's scorer and the VADER reference scorer side by side on the labelled data in {@code ../shared/data}:
 * accuracy on each set and single-threaded throughput. Run it with {@code benchmarks/run.sh accuracy}; see
 * benchmarks/README.md for the metrics and the mappings.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.earshot.benchmarks.AccuracyReport [--data DIR] [--vader DIR]
 *      [--node NODE] [--no-vader] [--warmup SECONDS] [--measure SECONDS] [--rounds N]
 * </pre>
 *
 * Exits 0 with a message when the data folder is absent (the project never depends on it), 2 on bad arguments, 1 when
 * VADER was asked for and could not run.
 */
public final class AccuracyReport {

    /**
     * Earshot's sarcasm score at or above which a text counts as ironic: where the scorer starts to damp praise (it
     * flips it only from 0.8, on strong evidence).
     */
    static final double IRONY_THRESHOLD = 0.5;
    /** The 3-way thresholds for compound scores; human ratings (-4..4) are scaled to -1..1 first. */
    static final double RATING_SCALE = 4.0;
    /** Issue #21's targets on the validation splits. */
    static final double SENTIMENT_TARGET = 0.66;
    static final double EMOTION_TARGET = 0.68;
    static final double IRONY_TARGET = 0.65;
    static final int ECE_BINS = 10;
    static final java.util.regex.Pattern IRONY_TAGS = java.util.regex.Pattern.compile(
            "(?i)#(not|irony|ironic|sarcasm|sarcastic)(?![\\p{L}\\p{N}_])");

    static final int ANGER = 0;
    static final int JOY = 1;
    static final int OPTIMISM = 2;
    static final int SADNESS = 3;

    /** Keeps the timed loops' results alive. */
    static volatile double blackhole;

    private final PrintStream out;
    private final Scorer scorer = new Scorer();
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> eceRows = new ArrayList<>();
    private final String split;

    private AccuracyReport(PrintStream out, String split) {
        this.out = out;
        this.split = split;
    }

    public static void main(String[] args) throws IOException {
        String data = null;
        String vaderDir = null;
        String node = System.getenv().getOrDefault("EARSHOT_NODE", "node");
        boolean withVader = true;
        double warmup = 3;
        double measure = 5;
        int rounds = 3;
        String split = "val";
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data" -> data = args[++i];
                    case "--vader" -> vaderDir = args[++i];
                    case "--node" -> node = args[++i];
                    case "--no-vader" -> withVader = false;
                    case "--warmup" -> warmup = Double.parseDouble(args[++i]);
                    case "--measure" -> measure = Double.parseDouble(args[++i]);
                    case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                    case "--split" -> split = args[++i];
                    case "-h", "--help" -> {
                        System.out.println("usage: AccuracyReport [--data DIR] [--vader DIR] [--node NODE] [--no-vader]"
                                + " [--split NAME] [--warmup SECONDS] [--measure SECONDS] [--rounds N]");
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            System.err.println("AccuracyReport: " + (e.getMessage() == null ? "missing value" : e.getMessage())
                    + " (try --help)");
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path dataDir = Data.resolve(data);
        if (!Files.isDirectory(dataDir)) {
            out.println("No labelled data at " + dataDir + ": nothing to measure. Point --data (or EARSHOT_DATA) at the"
                    + " shared data folder (tweeteval/, vader-groundtruth/) to get the accuracy report.");
            return;
        }
        Vader vader = null;
        if (withVader) {
            Path dir = vaderDir != null ? Path.of(vaderDir) : defaultVaderDir();
            vader = new Vader(node, dir.toAbsolutePath().normalize());
            String why = vader.unavailable();
            if (why != null) {
                System.err.println("AccuracyReport: cannot run VADER: " + why + " (or pass --no-vader)");
                System.exit(1);
                return;
            }
        }
        if (rounds < 1 || warmup < 0 || measure <= 0) {
            System.err.println("AccuracyReport: --rounds must be >= 1, --warmup >= 0, --measure > 0");
            System.exit(2);
            return;
        }
        new AccuracyReport(out, split).run(dataDir, vader, warmup, measure, rounds, String.join(" ", args));
    }

    private static Path defaultVaderDir() {
        for (String candidate : List.of("benchmarks/vader", "vader")) {
            if (Files.isRegularFile(Path.of(candidate, "score.js"))) {
                return Path.of(candidate);
            }
        }
        return Path.of("benchmarks/vader");
    }

    private void run(Path dataDir, Vader vader, double warmup, double measure, int rounds, String args)
            throws IOException {
        String command = System.getProperty("earshot.command",
                "java -cp benchmarks/target/benchmarks.jar io.earshot.benchmarks.AccuracyReport " + args).trim();
        out.println("Earshot scorer " + Scorer.MODEL_VERSION + " vs VADER (npm vader-sentiment" + (vader == null
                ? ", not run"
                : "") + ")");
        out.println("date:    " + Instant.now().truncatedTo(ChronoUnit.SECONDS));
        out.println("machine: " + Machine.describe());
        out.println("load:    " + Machine.loadAverage() + " (at start)");
        out.println("data:    " + dataDir);
        out.println("command: " + command);
        out.println();

        sentiment(dataDir, vader);
        emotion(dataDir, vader);
        irony(dataDir, vader);
        groundTruth(dataDir, vader, "tweets_GroundTruth.txt", "VADER tweets");
        groundTruth(dataDir, vader, "amazonReviewSnippets_GroundTruth.txt", "Amazon snippets");

        out.println(String.format(Locale.ROOT, "%-56s %6s %9s %9s %8s  %-15s  %s", "accuracy", "n", "Earshot",
                "VADER", "delta", "Earshot > VADER", "target (issue #21)"));
        for (String[] r : rows) {
            out.println(String.format(Locale.ROOT, "%-56s %6s %9s %9s %8s  %-15s  %s", (Object[]) r));
        }
        out.println();
        if (!eceRows.isEmpty()) {
            out.println("calibration of the model's probabilities (temperature fitted on 10% of each train split):");
            eceRows.forEach(out::println);
            out.println();
        }
        for (String n : notes) {
            out.println("  " + n);
        }
        out.println();
        throughput(dataDir, vader, warmup, measure, rounds);
        out.println("load:    " + Machine.loadAverage() + " (at end)");
    }

    // ------------------------------------------------------------------------------------------------ the sets

    private void sentiment(Path dir, Vader vader) {
        Optional<Data.Labelled> set = Data.tweetEval(dir, "sentiment", split);
        if (set.isEmpty()) {
            notes.add("tweeteval/sentiment/" + split + ": absent, skipped");
            return;
        }
        Data.Labelled s = set.get();
        int[] earshot = new int[s.size()];
        double[][] p = new double[s.size()][];
        for (int i = 0; i < earshot.length; i++) {
            Verdict v = scorer.verdict(s.texts().get(i), false);
            earshot[i] = v.sentimentClass();
            p[i] = v.sentiment();
        }
        double e = Metrics.macroRecall(s.labels(), earshot, 3);
        Double v = null;
        if (vader != null) {
            int[] pred = map(vader.compound(s.texts()));
            v = Metrics.macroRecall(s.labels(), pred, 3);
        }
        row("TweetEval sentiment " + split + ", macro-recall", s.size(), e, v, SENTIMENT_TARGET);
        calibration("sentiment", s, p);
    }

    private void emotion(Path dir, Vader vader) {
        Optional<Data.Labelled> set = Data.tweetEval(dir, "emotion", split);
        if (set.isEmpty()) {
            notes.add("tweeteval/emotion/" + split + ": absent, skipped");
            return;
        }
        Data.Labelled s = set.get();
        int[] bySign = signClasses(Data.tweetEval(dir, "emotion", "train"));
        int[] earshot = new int[s.size()];
        double[][] p = new double[s.size()][];
        for (int i = 0; i < earshot.length; i++) {
            Verdict v = scorer.verdict(s.texts().get(i), false);
            earshot[i] = v.emotionClass() >= 0 ? v.emotionClass() : bySign[v.sentimentClass()];
            p[i] = v.emotion();
        }
        double e = Metrics.macroF1(s.labels(), earshot, 4);
        Double v = null;
        int[] pv = null;
        if (vader != null) {
            double[] compound = vader.compound(s.texts());
            pv = new int[compound.length];
            for (int i = 0; i < pv.length; i++) {
                pv[i] = bySign[Metrics.threeWay(compound[i])];
            }
            v = Metrics.macroF1(s.labels(), pv, 4);
        }
        row("TweetEval emotion " + split + ", macro-F1 (4 classes)", s.size(), e, v, EMOTION_TARGET);
        notes.add(String.format(Locale.ROOT, "emotion: VADER has no emotions; its class is by sign: negative->%s,"
                + " neutral->%s, positive->%s (majority classes of the train split)", s.classNames().get(bySign[0]),
                s.classNames().get(bySign[1]), s.classNames().get(bySign[2])));
        notes.add("emotion per-class F1 (" + String.join("/", s.classNames()) + "): Earshot " + perClass(s, earshot)
                + (pv == null ? "" : ", VADER " + perClass(s, pv)));
        calibration("emotion", s, p);
    }

    private void irony(Path dir, Vader vader) {
        Optional<Data.Labelled> set = Data.tweetEval(dir, "irony", split);
        if (set.isEmpty()) {
            notes.add("tweeteval/irony/" + split + ": absent, skipped");
            return;
        }
        Data.Labelled s = set.get();
        int[] never = new int[s.size()];
        int[] always = new int[s.size()];
        java.util.Arrays.fill(always, 1);
        int marked = 0;
        for (boolean strip : new boolean[]{false, true}) {
            int[] earshot = new int[s.size()];
            double[][] p = new double[s.size()][];
            int flagged = 0;
            double threshold = IRONY_THRESHOLD;
            for (int i = 0; i < earshot.length; i++) {
                String text = s.texts().get(i);
                if (strip) {
                    marked += IRONY_TAGS.matcher(text).find() ? 1 : 0;
                    text = stripIronyHashtags(text);
                }
                Verdict v = scorer.verdict(text, false);
                earshot[i] = v.isIronic() ? 1 : 0;
                threshold = v.ironyThreshold();
                flagged += earshot[i];
                p[i] = v.irony();
            }
            double e = Metrics.f1(s.labels(), earshot, 1);
            // VADER has no irony model: its row is the trivial "never ironic" classifier.
            row("TweetEval irony " + split + ", F1 of ironic" + (strip ? ", #irony tags stripped" : ""), s.size(), e,
                    vader == null ? null : Metrics.f1(s.labels(), never, 1), strip ? IRONY_TARGET : null);
            notes.add(String.format(Locale.ROOT,
                    "irony%s: Earshot flags %d/%d tweets (model P(ironic) with hashtag marks >= %.3f, the threshold chosen by cross-validation on train; %d ironic in"
                            + " gold); accuracy %.3f vs %.3f for never-ironic", strip ? " (tags stripped)" : "",
                    flagged,
                    s.size(), threshold, java.util.Arrays.stream(s.labels()).sum(),
                    Metrics.accuracy(s.labels(), earshot), Metrics.accuracy(s.labels(), never)));
            if (strip) {
                calibration("irony", s, p);
            }
        }
        row("  (baseline: call every tweet ironic)", s.size(), null, Metrics.f1(s.labels(), always, 1), null);
        notes.add(String.format(Locale.ROOT, "irony: %d/%d tweets carried #not/#irony/#sarcasm/#ironic/#sarcastic",
                marked, s.size()));
    }

    /** Removes the hashtags that announce irony (#not, #irony, #ironic, #sarcasm, #sarcastic), any case. */
    static String stripIronyHashtags(String text) {
        return IRONY_TAGS.matcher(text).replaceAll("").replaceAll("\\s{2,}", " ").trim();
    }

    /**
     * Expected calibration error of the model's calibrated probabilities: the top class's probability against how
     * often it is right, in {@link #ECE_BINS} equal-width bins, weighted by the bins' sizes.
     */
    private void calibration(String task, Data.Labelled s, double[][] p) {
        int bins = ECE_BINS;
        double[] conf = new double[bins];
        double[] right = new double[bins];
        int[] count = new int[bins];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == null) {
                continue;
            }
            int best = 0;
            for (int c = 1; c < p[i].length; c++) {
                if (p[i][c] > p[i][best]) {
                    best = c;
                }
            }
            int b = Math.min(bins - 1, (int) (p[i][best] * bins));
            conf[b] += p[i][best];
            right[b] += best == s.labels()[i] ? 1 : 0;
            count[b]++;
            n++;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            if (count[b] > 0) {
                ece += Math.abs(right[b] - conf[b]) / n;
            }
        }
        eceRows.add(String.format(Locale.ROOT, "  %-44s %6d %9.3f", task + " " + split + ", ECE (" + bins
                + " bins, top class)", n, ece));
    }

    private void groundTruth(Path dir, Vader vader, String file, String label) {
        Optional<Data.Rated> set = Data.groundTruth(dir, file);
        if (set.isEmpty()) {
            notes.add("vader-groundtruth/" + file + ": absent, skipped");
            return;
        }
        Data.Rated s = set.get();
        double[] e = new double[s.size()];
        for (int i = 0; i < e.length; i++) {
            e[i] = scorer.score(s.texts().get(i), false).sentiment();
        }
        int[] gold = new int[s.size()];
        for (int i = 0; i < gold.length; i++) {
            gold[i] = Metrics.threeWay(s.ratings()[i] / RATING_SCALE);
        }
        double[] v = vader == null ? null : vader.compound(s.texts());
        row(label + ", Pearson r", s.size(), Metrics.pearson(e, s.ratings()),
                v == null ? null : Metrics.pearson(v, s.ratings()));
        row(label + ", 3-way accuracy", s.size(), Metrics.accuracy(gold, map(e)),
                v == null ? null : Metrics.accuracy(gold, map(v)));
    }

    // ------------------------------------------------------------------------------------------------ throughput

    /**
     * Both scorers on the same corpus, one thread each, in interleaved rounds. Two clocks: the wall clock, and the CPU
     * time of the measuring process (the JVM's {@code getProcessCpuTime}, Node's {@code process.cpuUsage()}), which
     * counts what each scorer costs even when other processes take turns on the core; on a shared machine the wall-clock
     * rates swing with the load, the CPU-time rates much less.
     */
    private void throughput(Path dataDir, Vader vader, double warmup, double measure, int rounds) {
        Corpus corpus = Corpus.load(dataDir);
        List<String> texts = corpus.texts();
        out.println("throughput, one thread (texts/s): " + corpus.description());
        out.println(String.format(Locale.ROOT,
                "  %d rounds, interleaved; in each, per row: %.0f s warm-up, then at least"
                        + " %.0f s of whole passes over the corpus. Best and median of the rounds.", rounds, warmup,
                measure));
        double[][] plain = new double[2][rounds];
        double[][] explained = new double[2][rounds];
        double[][] reference = new double[2][rounds];
        String nodeVersion = "?";
        for (int r = 0; r < rounds; r++) {
            double[] p = earshotRate(texts, false, warmup, measure);
            double[] e = earshotRate(texts, true, warmup, measure);
            for (int clock = 0; clock < 2; clock++) {
                plain[clock][r] = p[clock];
                explained[clock][r] = e[clock];
            }
            if (vader != null) {
                String[] v = vader.throughput(texts, warmup, measure);
                reference[0][r] = Double.parseDouble(v[0]);
                reference[1][r] = Double.parseDouble(v[2]);
                nodeVersion = v[1];
            }
        }
        double worstCpu = Double.POSITIVE_INFINITY;
        for (int clock = 0; clock < 2; clock++) {
            out.println(clock == 0
                    ? "  by the wall clock (texts per second):"
                    : "  by CPU time (texts per CPU-second of the measuring process; robust to the machine's load):");
            out.println(String.format(Locale.ROOT, "  %-40s %12s %12s   %s", "", "best", "median", "rounds"));
            rateRow("Earshot (explain=false)", plain[clock]);
            rateRow("Earshot (explain=true, as the service)", explained[clock]);
            if (vader != null) {
                rateRow("VADER (node " + nodeVersion + ")", reference[clock]);
                double vb = max(reference[clock]);
                double vm = median(reference[clock]);
                out.println(String.format(Locale.ROOT, "  %-40s %11.1fx %11.1fx   (explain=false)", "Earshot / VADER",
                        max(plain[clock]) / vb, median(plain[clock]) / vm));
                out.println(String.format(Locale.ROOT, "  %-40s %11.1fx %11.1fx   (explain=true)", "Earshot / VADER",
                        max(explained[clock]) / vb, median(explained[clock]) / vm));
                double worst = Math.min(Math.min(max(plain[clock]) / vb, median(plain[clock]) / vm),
                        Math.min(max(explained[clock]) / vb, median(explained[clock]) / vm));
                if (clock == 1) {
                    worstCpu = worst;
                }
                out.println(String.format(Locale.ROOT, "  target >= 20x VADER per core (%s): %s (lowest of the four"
                        + " ratios: %.1fx)", clock == 0 ? "wall clock" : "CPU time", worst >= 20 ? "met" : "NOT met",
                        worst));
            }
        }
        if (vader != null) {
            out.println(String.format(Locale.ROOT, "  median ratio with explanations, by CPU time: %.1fx",
                    median(explained[1]) / median(reference[1])));
        }
    }

    private void rateRow(String name, double[] rates) {
        StringBuilder all = new StringBuilder();
        for (double r : rates) {
            all.append(all.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.0f", r));
        }
        out.println(String.format(Locale.ROOT, "  %-40s %12.0f %12.0f   %s", name, max(rates), median(rates), all));
    }

    private static double max(double[] a) {
        return java.util.Arrays.stream(a).max().orElse(0);
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? 0 : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** {wall-clock rate, rate per CPU-second of this process} of one thread scoring {@code texts} in passes. */
    private static double[] earshotRate(List<String> texts, boolean explain, double warmup, double measure) {
        Scorer s = new Scorer();
        double sink = 0;
        long end = System.nanoTime() + (long) (warmup * 1e9);
        while (System.nanoTime() < end) {
            for (String t : texts) {
                sink += s.score(t, explain).sentiment();
            }
        }
        long scored = 0;
        long cpu = Machine.processCpuNanos();
        long start = System.nanoTime();
        long elapsed;
        do {
            for (String t : texts) {
                sink += s.score(t, explain).sentiment();
            }
            scored += texts.size();
            elapsed = System.nanoTime() - start;
        } while (elapsed < measure * 1e9);
        cpu = Machine.processCpuNanos() - cpu;
        blackhole = sink;
        return new double[]{scored / (elapsed / 1e9), cpu <= 0 ? Double.NaN : scored / (cpu / 1e9)};
    }

    // ------------------------------------------------------------------------------------------------ mappings

    /**
     * The class a scorer that only knows polarity predicts, per 3-way sign (0 negative, 1 neutral, 2 positive): the
     * train split's most frequent negative emotion (anger or sadness), its most frequent class overall, its most
     * frequent positive emotion (joy or optimism). Without a train split: anger, anger, joy.
     */
    static int[] signClasses(Optional<Data.Labelled> train) {
        if (train.isEmpty()) {
            return new int[]{ANGER, ANGER, JOY};
        }
        int[] count = new int[4];
        for (int y : train.get().labels()) {
            count[y]++;
        }
        int negative = count[SADNESS] > count[ANGER] ? SADNESS : ANGER;
        int positive = count[OPTIMISM] > count[JOY] ? OPTIMISM : JOY;
        int overall = 0;
        for (int c = 1; c < 4; c++) {
            if (count[c] > count[overall]) {
                overall = c;
            }
        }
        return new int[]{negative, overall, positive};
    }

    private static int[] map(double[] compound) {
        int[] p = new int[compound.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Metrics.threeWay(compound[i]);
        }
        return p;
    }

    private static String perClass(Data.Labelled s, int[] pred) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 4; c++) {
            sb.append(c == 0 ? "" : "/").append(String.format(Locale.ROOT, "%.3f", Metrics.f1(s.labels(), pred, c)));
        }
        return sb.toString();
    }

    private void row(String metric, int n, Double earshot, Double vader) {
        row(metric, n, earshot, vader, null);
    }

    private void row(String metric, int n, Double earshot, Double vader, Double target) {
        String verdict = earshot == null || vader == null ? "" : earshot > vader ? "yes" : "NO";
        String goal = target == null || earshot == null
                ? ""
                : String.format(Locale.ROOT, ">= %.2f %s", target, earshot >= target ? "met" : "NOT met");
        rows.add(new String[]{metric, String.valueOf(n), fmt(earshot), fmt(vader),
                earshot == null || vader == null ? "" : String.format(Locale.ROOT, "%+.3f", earshot - vader), verdict,
                goal});
    }

    private static String fmt(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }
}
