package io.earshot.benchmarks;

import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.Scores;
import io.earshot.sentiment.scoring.Scorer;
import io.earshot.sentiment.scoring.Verdict;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where Earshot's scorer disagrees with the labels, to guide rule and lexicon work without touching the validation
 * splits: Earshot's metrics on the tuning data (TweetEval train splits, VADER's ground truth), then the texts that cost
 * the most. No VADER, no timing. Run it with {@code benchmarks/run.sh diagnose [ARGS]}:
 *
 * <pre>
 * --worst N        how many texts to list per section (default 25; 0 lists none)
 * --set NAME       which residuals to list: tweets, amazon, irony-missed, irony-false (default tweets)
 * --grep WORD      only list texts containing WORD (case-insensitive)
 * --val            also print the validation figures (to check for regressions; never tune on them)
 * </pre>
 *
 * Ground truth residual: the compound and the mean human rating are each standardised (z-scores) and a text's cost is
 * the squared difference of its two z-scores, which is its share of {@code 2 (1 - r)}, so the list is exactly the texts
 * that pull Pearson r down most.
 */
public final class Diagnose {
    private final PrintStream out;
    private final Scorer scorer = new Scorer();

    private Diagnose(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        int worst = 25;
        String set = "tweets";
        String grep = null;
        boolean val = false;
        String data = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--worst" -> worst = Integer.parseInt(args[++i]);
                    case "--set" -> set = args[++i];
                    case "--grep" -> grep = args[++i].toLowerCase(Locale.ROOT);
                    case "--val" -> val = true;
                    case "--data" -> data = args[++i];
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            System.err.println("Diagnose: " + (e.getMessage() == null ? "missing value" : e.getMessage())
                    + " (see benchmarks/README.md)");
            System.exit(2);
            return;
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path dir = Data.resolve(data);
        if (!Files.isDirectory(dir)) {
            out.println("No labelled data at " + dir + ": nothing to diagnose.");
            return;
        }
        new Diagnose(out).run(dir, worst, set, grep, val);
    }

    private void run(Path dir, int worst, String set, String grep, boolean val) {
        out.println("Earshot " + Scorer.MODEL_VERSION + " on the tuning data (" + dir + ")");
        Optional<Data.Rated> tweets = Data.groundTruth(dir, "tweets_GroundTruth.txt");
        Optional<Data.Rated> amazon = Data.groundTruth(dir, "amazonReviewSnippets_GroundTruth.txt");
        tweets.ifPresent(s -> rated("VADER tweets", s, "tweets".equals(set) ? worst : 0, grep));
        amazon.ifPresent(s -> rated("Amazon snippets", s, "amazon".equals(set) ? worst : 0, grep));
        Data.tweetEval(dir, "irony", "train").ifPresent(s -> irony(s, set, worst, grep));
        Data.tweetEval(dir, "emotion", "train").ifPresent(this::emotion);
        if (val) {
            out.println("-- validation (regression check only)");
            Data.tweetEval(dir, "sentiment", "val").ifPresent(this::sentiment);
            Data.tweetEval(dir, "irony", "val").ifPresent(s -> irony(s, "", 0, null));
            Data.tweetEval(dir, "emotion", "val").ifPresent(this::emotion);
        }
    }

    private record Residual(int index, double cost, double z, double zGold) {}

    private void rated(String name, Data.Rated s, int worst, String grep) {
        int n = s.size();
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = scorer.score(s.texts().get(i), false).sentiment();
        }
        double r = Metrics.pearson(e, s.ratings());
        int[] gold = new int[n];
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = Metrics.threeWay(s.ratings()[i] / AccuracyReport.RATING_SCALE);
            pred[i] = Metrics.threeWay(e[i]);
        }
        out.println(String.format(Locale.ROOT, "%-28s n=%5d  Pearson r %.4f  3-way accuracy %.4f", name + ":", n, r,
                Metrics.accuracy(gold, pred)));
        if (worst <= 0) {
            return;
        }
        double[] ze = z(e);
        double[] zg = z(s.ratings());
        List<Residual> res = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double d = ze[i] - zg[i];
            res.add(new Residual(i, d * d, ze[i], zg[i]));
        }
        res.sort(Comparator.comparingDouble(Residual::cost).reversed());
        double total = res.stream().mapToDouble(Residual::cost).sum();
        double top = 0;
        int listed = 0;
        for (Residual x : res) {
            String text = s.texts().get(x.index());
            if (grep != null && !text.toLowerCase(Locale.ROOT).contains(grep)) {
                continue;
            }
            if (listed >= worst) {
                break;
            }
            listed++;
            top += x.cost();
            Scores sc = scorer.score(text, true);
            out.println(String.format(Locale.ROOT, "  cost %.2f  compound %+.3f (z %+.2f)  human %+.2f (z %+.2f)  %s",
                    x.cost(), sc.sentiment(), x.z(), s.ratings()[x.index()], x.zGold(), oneLine(text)));
            out.println("      " + explain(sc, "sentiment"));
            if (sc.sarcasm() > 0) {
                out.println(String.format(Locale.ROOT, "      sarcasm %.2f: %s", sc.sarcasm(), explain(sc, "sarcasm")));
            }
        }
        out.println(String.format(Locale.ROOT, "  the %d listed cost %.1f of %.1f (= 2n(1-r))", listed, top, total));
    }

    private void irony(Data.Labelled s, String set, int worst, String grep) {
        int n = s.size();
        double[] sarcasm = new double[n];
        for (int i = 0; i < n; i++) {
            sarcasm[i] = scorer.score(s.texts().get(i), false).sarcasm();
        }
        StringBuilder curve = new StringBuilder();
        for (double th = 0.1; th < 0.95; th += 0.1) {
            int[] pred = new int[n];
            for (int i = 0; i < n; i++) {
                pred[i] = sarcasm[i] >= th - 1e-9 ? 1 : 0;
            }
            curve.append(String.format(Locale.ROOT, " %.1f:%.3f", th, Metrics.f1(s.labels(), pred, 1)));
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        List<String> missed = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = s.texts().get(i);
            boolean flagged = sarcasm[i] >= AccuracyReport.IRONY_THRESHOLD;
            boolean ironic = s.labels()[i] == 1;
            if (flagged && ironic) {
                tp++;
            } else if (flagged) {
                fp++;
                wrong.add(text);
            } else if (ironic) {
                fn++;
                missed.add(text);
            }
        }
        double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
        double rc = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
        double f1 = p + rc == 0 ? 0 : 2 * p * rc / (p + rc);
        out.println(String.format(Locale.ROOT, "%-28s n=%5d  F1 %.4f  precision %.3f  recall %.3f  flagged %d",
                s.name() + ":", n, f1, p, rc, tp + fp));
        out.println("    F1 if the threshold were:" + curve);
        List<String> list = "irony-missed".equals(set) ? missed : "irony-false".equals(set) ? wrong : List.of();
        int listed = 0;
        for (String text : list) {
            if (grep != null && !text.toLowerCase(Locale.ROOT).contains(grep)) {
                continue;
            }
            if (listed >= worst) {
                break;
            }
            listed++;
            Scores sc = scorer.score(text, true);
            out.println(String.format(Locale.ROOT, "  sarcasm %.2f  %s", sc.sarcasm(), oneLine(text)));
            String why = explain(sc, "sarcasm");
            if (!why.isEmpty()) {
                out.println("      " + why);
            }
        }
    }

    private void emotion(Data.Labelled s) {
        int[] bySign = AccuracyReport.signClasses(Optional.of(s));
        int[] pred = new int[s.size()];
        for (int i = 0; i < pred.length; i++) {
            Verdict v = scorer.verdict(s.texts().get(i), false);
            pred[i] = v.emotionClass() >= 0 ? v.emotionClass() : bySign[v.sentimentClass()];
        }
        out.println(String.format(Locale.ROOT, "%-28s n=%5d  macro-F1 %.4f", s.name() + ":", s.size(),
                Metrics.macroF1(s.labels(), pred, 4)));
    }

    private void sentiment(Data.Labelled s) {
        int[] pred = new int[s.size()];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = scorer.verdict(s.texts().get(i), false).sentimentClass();
        }
        out.println(String.format(Locale.ROOT, "%-28s n=%5d  macro-recall %.4f", s.name() + ":", s.size(),
                Metrics.macroRecall(s.labels(), pred, 3)));
    }

    private static String explain(Scores sc, String dimension) {
        StringBuilder sb = new StringBuilder();
        for (Explanation x : sc.explanation()) {
            if (dimension.equals(x.score())) {
                sb.append(sb.length() == 0 ? "" : ", ").append(x.cause())
                        .append(String.format(Locale.ROOT, " %+.2f", x.delta()));
            }
        }
        return sb.toString();
    }

    private static double[] z(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double var = 0;
        for (double v : x) {
            var += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(var / x.length);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = sd == 0 ? 0 : (x[i] - mean) / sd;
        }
        return out;
    }

    private static String oneLine(String s) {
        String t = s.replace('\n', ' ').replace('\t', ' ');
        return t.length() > 160 ? t.substring(0, 157) + "..." : t;
    }
}
