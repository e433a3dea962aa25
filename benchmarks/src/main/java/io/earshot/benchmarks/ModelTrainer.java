package io.earshot.benchmarks;

import io.earshot.sentiment.scoring.Features;
import io.earshot.sentiment.scoring.LinearModel;
import io.earshot.sentiment.scoring.Scorer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Trains the scorer's {@link LinearModel} on the TweetEval train splits in {@code ../shared/data} and writes the
 * committed resource. Run it with {@code benchmarks/run.sh train}; deterministic (fixed seed, fixed epochs, one
 * thread), so the same data and code give the same bytes.
 *
 * <p>Per task, a multinomial logistic regression over the scorer's {@link Features} (hashed word and character
 * n-grams plus the lexicon's figures), fitted by AdaGrad with L2 and class weights {@code (n / (k n_c))^power} (so the
 * rare classes count; the metrics are macro-averaged). Calibration: the model is first trained on 90% of the train
 * split and a temperature is fitted on the other 10% (minimum log-loss); then it is trained again on the whole split
 * with the same settings and stored with that temperature. The validation split is only read by {@code --grid}, which
 * prints the small grid the committed settings ({@link #SETTINGS}) were chosen from.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.earshot.benchmarks.ModelTrainer [--data DIR] [--out FILE] [--grid [--task NAME]]
 * </pre>
 */
public final class ModelTrainer {
    static final long SEED = 20261207L;
    static final double HOLD_OUT = 0.1;

    /** The training settings of one task. */
    record Setting(String task, int bits, int epochs, double rate, double l2, double classPower) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%s: %d hash bits, %d epochs, rate %.2f, L2 %.0e, class weight power %.2f",
                    task, bits, epochs, rate, l2, classPower);
        }
    }

    /**
     * The committed settings. Emotion and irony: the best of {@code --grid} on their validation splits (L2 1e-6/1e-5 x
     * class weight power 0/0.5/1; the differences were within 0.005 for irony). Sentiment: the first setting tried, not
     * searched (a grid run costs minutes per setting on the shared 2-core box).
     */
    static final List<Setting> SETTINGS = List.of(
            new Setting(LinearModel.SENTIMENT, 18, 8, 0.1, 1e-6, 1.0),
            new Setting(LinearModel.EMOTION, 18, 10, 0.1, 1e-5, 0.0),
            new Setting(LinearModel.IRONY, 18, 10, 0.1, 1e-5, 0.0));

    /** A featurised example. */
    record Example(int[] hash, float value, double[] dense, int label) {}

    private ModelTrainer() {}

    public static void main(String[] args) throws IOException {
        String data = null;
        String out = "sentiment-service/src/main/resources" + LinearModel.RESOURCE;
        boolean grid = false;
        boolean cv = false;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = args[++i];
                case "--out" -> out = args[++i];
                case "--grid" -> grid = true;
                case "--task" -> only = args[++i];
                case "--cv" -> cv = true;
                default -> {
                    System.err.println("usage: ModelTrainer [--data DIR] [--out FILE] [--grid [--task NAME]]");
                    System.exit(2);
                }
            }
        }
        Path dir = Data.resolve(data);
        Scorer lexicon = Scorer.lexiconOnly();
        List<LinearModel.Weights> tasks = new ArrayList<>();
        for (Setting s : SETTINGS) {
            if (only != null && !only.equals(s.task())) {
                continue;
            }
            Data.Labelled train = require(Data.tweetEval(dir, s.task(), "train"), dir, s.task(), "train");
            List<Example> examples = featurise(lexicon, train);
            if (cv) {
                crossValidate(s, examples, train.classNames().size());
                continue;
            }
            if (grid) {
                Data.Labelled val = require(Data.tweetEval(dir, s.task(), "val"), dir, s.task(), "val");
                grid(s, examples, featurise(lexicon, val), train.classNames().size());
                continue;
            }
            long t0 = System.nanoTime();
            LinearModel.Weights w = train(s, train.classNames(), examples);
            System.out.printf(Locale.ROOT, "%s (%d tweets): temperature %.2f%s, %.1f s%n", s, examples.size(),
                    w.temperature(), w.classes().size() == 2
                            ? String.format(Locale.ROOT, ", threshold P(%s) >= %.3f",
                                    w.classes().get(1), w.threshold())
                            : "", (System.nanoTime() - t0) / 1e9);
            tasks.add(w);
        }
        if (grid || cv) {
            return;
        }
        Path target = Path.of(out);
        Files.createDirectories(target.toAbsolutePath().getParent());
        try (OutputStream o = Files.newOutputStream(target)) {
            LinearModel.write(tasks, o);
        }
        System.out.printf(Locale.ROOT, "wrote %s (%,d bytes)%n", target, Files.size(target));
    }

    private static Data.Labelled require(Optional<Data.Labelled> set, Path dir, String task, String split) {
        return set.orElseThrow(() -> new IllegalStateException("no tweeteval/" + task + "/" + split + " in " + dir
                + " (set EARSHOT_DATA or --data)"));
    }

    static List<Example> featurise(Scorer scorer, Data.Labelled set) {
        List<Example> out = new ArrayList<>(set.size());
        for (int i = 0; i < set.size(); i++) {
            Features f = scorer.features(set.texts().get(i));
            if (f == null) {
                out.add(new Example(new int[0], 0f, new double[Features.DENSE_NAMES.length], set.labels()[i]));
                continue;
            }
            int[] h = new int[f.size()];
            for (int k = 0; k < h.length; k++) {
                h[k] = f.hash(k);
            }
            out.add(new Example(h, f.value(), f.dense().clone(), set.labels()[i]));
        }
        return out;
    }

    /**
     * Holds out 10%, fits the temperature there, then trains on everything. A two-class task also gets its decision
     * threshold: the margin {@code z[1] - z[0]} with the best out-of-fold F1 of class 1 in {@link #FOLDS}-fold
     * cross-validation on the train split (same settings), as a calibrated probability {@code sigmoid(margin / T)}.
     */
    static LinearModel.Weights train(Setting s, List<String> classes, List<Example> all) {
        int k = classes.size();
        double threshold = 0.5;
        List<Example> fit = new ArrayList<>();
        List<Example> held = new ArrayList<>();
        Random r = new Random(SEED);
        for (Example e : all) {
            (r.nextDouble() < HOLD_OUT ? held : fit).add(e);
        }
        Model first = new Model(s, k);
        first.fit(fit);
        double temperature = first.temperature(held);
        Model model = new Model(s, k);
        model.fit(all);
        if (k == 2) {
            double[] best = bestMargin(outOfFold(s, all, k), labels(all));
            threshold = 1.0 / (1.0 + Math.exp(-best[0] / temperature));
            System.out.printf(Locale.ROOT, "  %s: %d-fold cross-validation on train: best margin %.2f, F1 %.3f%n",
                    s.task(), FOLDS, best[0], best[1]);
        }
        return new LinearModel.Weights(s.task(), classes, s.bits(), temperature, threshold, model.hashed, model.dense);
    }

    private static void grid(Setting base, List<Example> train, List<Example> val, int k) {
        System.out.println("grid for " + base.task() + " (train " + train.size() + ", val " + val.size() + ")");
        for (int epochs : new int[]{base.epochs()}) {
            for (double l2 : new double[]{1e-6, 1e-5}) {
                for (double power : new double[]{0.0, 0.5, 1.0}) {
                    Setting s = new Setting(base.task(), base.bits(), epochs, base.rate(), l2, power);
                    Model m = new Model(s, k);
                    m.fit(train);
                    int[] gold = new int[val.size()];
                    int[] pred = new int[val.size()];
                    for (int i = 0; i < gold.length; i++) {
                        gold[i] = val.get(i).label();
                        pred[i] = argmax(m.logits(val.get(i)));
                    }
                    System.out.printf(Locale.ROOT, "  %-75s %s %.3f%n", s, base.task().equals(LinearModel.SENTIMENT)
                            ? "macro-recall"
                            : base.task().equals(LinearModel.EMOTION) ? "macro-F1" : "F1",
                            metric(base.task(), gold, pred, k));
                }
            }
        }
    }

    static final int FOLDS = 5;

    static int[] labels(List<Example> examples) {
        int[] gold = new int[examples.size()];
        for (int i = 0; i < gold.length; i++) {
            gold[i] = examples.get(i).label();
        }
        return gold;
    }

    /** The out-of-fold logits of every example: {@link #FOLDS} models, each trained without its fold. */
    static double[][] outOfFold(Setting s, List<Example> train, int k) {
        int n = train.size();
        int[] fold = new int[n];
        Random r = new Random(SEED);
        for (int i = 0; i < n; i++) {
            fold[i] = r.nextInt(FOLDS);
        }
        double[][] oof = new double[n][];
        for (int f = 0; f < FOLDS; f++) {
            List<Example> fit = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (fold[i] != f) {
                    fit.add(train.get(i));
                }
            }
            Model m = new Model(s, k);
            m.fit(fit);
            for (int i = 0; i < n; i++) {
                if (fold[i] == f) {
                    oof[i] = m.logits(train.get(i));
                }
            }
        }
        return oof;
    }

    /** {margin, F1}: the margin {@code z[1] - z[0]} in [-3, 1] (steps of 0.05) with the best F1 of class 1. */
    static double[] bestMargin(double[][] logits, int[] gold) {
        int[] pred = new int[gold.length];
        double bestF = -1;
        double bestM = 0;
        for (int step = -60; step <= 20; step++) {
            double t = step / 20.0;
            for (int i = 0; i < gold.length; i++) {
                pred[i] = logits[i][1] - logits[i][0] >= t ? 1 : 0;
            }
            double f1 = Metrics.f1(gold, pred, 1);
            if (f1 > bestF) {
                bestF = f1;
                bestM = t;
            }
        }
        return new double[]{bestM, bestF};
    }

    /**
     * {@code --cv}: K-fold cross-validation on the train split only, per setting of a small grid: the out-of-fold
     * metric at the argmax and, for a two-class task, at the best margin. What the committed settings and the
     * irony threshold were chosen from; the validation split is not read.
     */
    static void crossValidate(Setting base, List<Example> train, int k) {
        int n = train.size();
        int[] gold = labels(train);
        System.out.println("cross-validation for " + base.task() + " (" + n + " train tweets, " + FOLDS + " folds)");
        for (int epochs : new int[]{5, 10}) {
            for (double l2 : new double[]{1e-6, 1e-5, 1e-4}) {
                for (double power : new double[]{0.0, 1.0}) {
                    Setting s = new Setting(base.task(), base.bits(), epochs, base.rate(), l2, power);
                    double[][] oof = outOfFold(s, train, k);
                    int[] pred = new int[n];
                    for (int i = 0; i < n; i++) {
                        pred[i] = argmax(oof[i]);
                    }
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-75s at argmax: %.3f",
                            s, metric(s.task(), gold, pred, k)));
                    if (k == 2) {
                        double[] best = bestMargin(oof, gold);
                        line.append(String.format(Locale.ROOT, ", best margin %.2f: F1 %.3f", best[0], best[1]));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    static double metric(String task, int[] gold, int[] pred, int k) {
        return switch (task) {
            case LinearModel.SENTIMENT -> Metrics.macroRecall(gold, pred, k);
            case LinearModel.EMOTION -> Metrics.macroF1(gold, pred, k);
            default -> Metrics.f1(gold, pred, 1);
        };
    }

    static int argmax(double[] z) {
        int best = 0;
        for (int c = 1; c < z.length; c++) {
            if (z[c] > z[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Multinomial logistic regression trained by AdaGrad with L2 (applied to the weights an example touches). */
    static final class Model {
        final Setting s;
        final int k;
        final int mask;
        final float[] hashed;
        final float[] dense;
        private final float[] gHashed;
        private final float[] gDense;

        Model(Setting s, int k) {
            this.s = s;
            this.k = k;
            this.mask = (1 << s.bits()) - 1;
            this.hashed = new float[(1 << s.bits()) * k];
            this.dense = new float[Features.DENSE_NAMES.length * k];
            this.gHashed = new float[hashed.length];
            this.gDense = new float[dense.length];
        }

        double[] logits(Example e) {
            double[] z = new double[k];
            for (int j = 0; j < e.dense().length; j++) {
                double x = e.dense()[j];
                if (x != 0) {
                    for (int c = 0; c < k; c++) {
                        z[c] += x * dense[j * k + c];
                    }
                }
            }
            for (int h : e.hash()) {
                int b = (h & mask) * k;
                for (int c = 0; c < k; c++) {
                    z[c] += e.value() * hashed[b + c];
                }
            }
            return z;
        }

        void fit(List<Example> examples) {
            int n = examples.size();
            double[] classWeight = classWeights(examples);
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Random r = new Random(SEED);
            double[] g = new double[k];
            for (int epoch = 0; epoch < s.epochs(); epoch++) {
                for (int i = n - 1; i > 0; i--) {
                    int j = r.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int idx : order) {
                    Example e = examples.get(idx);
                    double[] p = LinearModel.softmax(logits(e), 1.0);
                    double cw = classWeight[e.label()];
                    for (int c = 0; c < k; c++) {
                        g[c] = cw * (p[c] - (c == e.label() ? 1 : 0));
                    }
                    for (int j = 0; j < e.dense().length; j++) {
                        double x = e.dense()[j];
                        if (x != 0) {
                            step(dense, gDense, j * k, g, x);
                        }
                    }
                    for (int h : e.hash()) {
                        step(hashed, gHashed, (h & mask) * k, g, e.value());
                    }
                }
            }
        }

        private void step(float[] w, float[] acc, int b, double[] g, double x) {
            for (int c = 0; c < k; c++) {
                double grad = g[c] * x + s.l2() * w[b + c];
                if (grad == 0) {
                    continue;
                }
                acc[b + c] += (float) (grad * grad);
                w[b + c] -= (float) (s.rate() * grad / Math.sqrt(acc[b + c] + 1e-8));
            }
        }

        private double[] classWeights(List<Example> examples) {
            double[] count = new double[k];
            for (Example e : examples) {
                count[e.label()]++;
            }
            double[] w = new double[k];
            for (int c = 0; c < k; c++) {
                w[c] = count[c] == 0 ? 0 : Math.pow(examples.size() / (k * count[c]), s.classPower());
            }
            return w;
        }

        /** The temperature in [0.25, 4] (steps of 0.01) with the least log-loss on {@code held}. */
        double temperature(List<Example> held) {
            List<double[]> z = new ArrayList<>(held.size());
            for (Example e : held) {
                z.add(logits(e));
            }
            double best = 1;
            double bestLoss = Double.POSITIVE_INFINITY;
            for (int step = 25; step <= 400; step++) {
                double t = step / 100.0;
                double loss = 0;
                for (int i = 0; i < held.size(); i++) {
                    double[] p = LinearModel.softmax(z.get(i), 1 / t);
                    loss -= Math.log(Math.max(1e-12, p[held.get(i).label()]));
                }
                if (loss < bestLoss) {
                    bestLoss = loss;
                    best = t;
                }
            }
            return best;
        }
    }
}
