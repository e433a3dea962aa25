package io.earshot.sentiment.scoring;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The trained part of the scorer: one multinomial logistic regression per task (sentiment 3 classes, emotion 4, irony
 * 2) over the {@link Features} of a text, with a temperature per task that calibrates its probabilities. Trained by
 * {@code benchmarks/run.sh train} (io.earshot.benchmarks.ModelTrainer) and committed as the classpath resource
 * {@value #RESOURCE}: hashed weights quantised to 8 bits (one scale per task), zero rows left out, gzipped. Immutable
 * and thread-safe.
 */
public final class LinearModel {
    public static final String RESOURCE = "/model/linear.bin.gz";
    static final int MAGIC = 0x45534c4d; // "ESLM"
    /** Version 2 added each task's decision threshold; version 1 resources still load (threshold 0.5). */
    static final int VERSION = 2;

    public static final String SENTIMENT = "sentiment";
    public static final String EMOTION = "emotion";
    public static final String IRONY = "irony";

    /**
     * The weights of one task, as the trainer produces them and the resource stores them. {@code threshold}: for a
     * two-class task, the calibrated probability of class 1 from which class 1 is decided (chosen by cross-validation
     * on the train split for F1); 0.5 otherwise.
     */
    public record Weights(String name, List<String> classes, int bits, double temperature, double threshold,
            float[] hashed, float[] dense) {
        public int k() {
            return classes.size();
        }
    }

    /**
     * One task at scoring time. Its hashed weights live in the model's shared table ({@link LinearModel#table}: per
     * hash bucket the 8-bit weights of every class of every task side by side, so a feature costs one memory access
     * for all three tasks), from column {@code col}, times {@code scale}.
     */
    static final class Task {
        final String name;
        final String[] classes;
        /** The explanation's name of each class's probability: {@code p(negative)}. */
        final String[] probabilityNames;
        final int k;
        final int col;
        final double scale;
        final double invTemperature;
        /** For a two-class task, the calibrated probability of class 1 from which it is decided. */
        final double threshold;
        final double[] dense;
        private final LinearModel model;

        Task(Weights w, int col, double scale, LinearModel model) {
            name = w.name();
            classes = w.classes().toArray(String[]::new);
            probabilityNames = w.classes().stream().map(c -> "p(" + c + ")").toArray(String[]::new);
            k = classes.length;
            this.col = col;
            this.scale = scale;
            this.model = model;
            invTemperature = 1.0 / w.temperature();
            threshold = w.threshold();
            dense = new double[w.dense().length];
            for (int i = 0; i < dense.length; i++) {
                dense[i] = w.dense()[i];
            }
        }

        /** Uncalibrated scores (logits) of each class, from the shared sums of {@link LinearModel#sums}. */
        double[] logits(Features f, int[] sums) {
            double[] z = new double[k];
            double[] d = f.dense;
            for (int j = 0; j < d.length; j++) {
                double x = d[j];
                if (x != 0) {
                    int b = j * k;
                    for (int c = 0; c < k; c++) {
                        z[c] += x * dense[b + c];
                    }
                }
            }
            double v = f.value * scale;
            for (int c = 0; c < k; c++) {
                z[c] += v * sums[col + c];
            }
            return z;
        }

        /** Calibrated probabilities: softmax of the logits divided by the task's temperature. */
        double[] probabilities(Features f, int[] sums) {
            return softmax(logits(f, sums), invTemperature);
        }

        /**
         * What moved the decision for class {@code c}: per word (its unigram and character n-grams together), per
         * bigram and per lexicon feature, {@code x * (w[c] - mean of w)}; the {@code top} largest by magnitude, as
         * {@code ("word:refund", delta)} pairs. Names are built for those only. A word's share comes from the integer
         * sums of its rows that {@link LinearModel#gather} cached, a bigram's from the copy of its row gather kept, so
         * it costs no table access. One pass: each share
         * is offered to a {@link Top} of {@code top} slots, no array of all the shares is kept.
         */
        List<Contribution> explain(Features f, int c, int top) {
            Tokens t = f.tokens;
            int n = t == null ? 0 : t.count;
            Top best = new Top(top);
            // slots: [0, n) words, [n, 2n) bigrams, [2n, 2n + dense) lexicon features
            double v = f.value * scale;
            for (int i = 0; i < n; i++) {
                int[] rows = f.words[i].sums;
                double mean = 0;
                for (int x = 0; x < k; x++) {
                    mean += rows[col + x];
                }
                best.offer(i, v * (rows[col + c] - mean / k));
            }
            byte[] bigrams = f.bigramRows;
            int width = model.width;
            for (int i = 0; i < n; i++) {
                if (f.bigram[i] >= 0) {
                    int b = i * width + col;
                    double mean = 0;
                    for (int x = 0; x < k; x++) {
                        mean += bigrams[b + x];
                    }
                    best.offer(n + i, v * (bigrams[b + c] - mean / k));
                }
            }
            double[] d = f.dense;
            for (int j = 0; j < d.length; j++) {
                if (d[j] != 0 && j != Features.D_BIAS) {
                    double mean = 0;
                    for (int x = 0; x < k; x++) {
                        mean += dense[j * k + x];
                    }
                    best.offer(2 * n + j, d[j] * (dense[j * k + c] - mean / k));
                }
            }
            return best.named(f);
        }
    }

    /**
     * The {@code size} largest non-zero shares by magnitude seen so far, largest first; of equal magnitudes the lower
     * slot first (slots: words, then bigrams, then lexicon features, each in text order), so the order is the same
     * whatever order the shares are offered in. An insertion into a short sorted array: explanations keep 3 to 5.
     */
    static final class Top {
        private final int[] slot;
        private final double[] delta;
        private final double[] magnitude;
        private int count;

        Top(int size) {
            slot = new int[Math.max(0, size)];
            delta = new double[slot.length];
            magnitude = new double[slot.length];
        }

        void offer(int s, double d) {
            if (d == 0) {
                return;
            }
            double a = Math.abs(d);
            int at = count;
            while (at > 0 && (magnitude[at - 1] < a || (magnitude[at - 1] == a && slot[at - 1] > s))) {
                at--;
            }
            if (at >= slot.length) {
                return;
            }
            int last = Math.min(count, slot.length - 1);
            System.arraycopy(slot, at, slot, at + 1, last - at);
            System.arraycopy(delta, at, delta, at + 1, last - at);
            System.arraycopy(magnitude, at, magnitude, at + 1, last - at);
            slot[at] = s;
            delta[at] = d;
            magnitude[at] = a;
            count = Math.min(count + 1, slot.length);
        }

        /** The kept shares, named. */
        List<Contribution> named(Features f) {
            Tokens t = f.tokens;
            int n = t == null ? 0 : t.count;
            List<Contribution> out = new ArrayList<>(count);
            for (int r = 0; r < count; r++) {
                int s = slot[r];
                String name = s < n
                        ? f.words[s].name()
                        : s < 2 * n
                                ? "bigram:" + t.norm(s - n) + " " + t.norm(s - n + 1)
                                : Features.DENSE_NAMES[s - 2 * n];
                out.add(new Contribution(name, delta[r]));
            }
            return out;
        }
    }

    /** One feature's share of a decision, in logit units. */
    record Contribution(String feature, double delta) {}

    private static volatile LinearModel shared;

    final Task sentiment;
    final Task emotion;
    final Task irony;
    /** Per hash bucket, the 8-bit weights of sentiment (3), emotion (4) and irony (2), side by side. */
    final byte[] table;
    final int width;
    final int mask;

    LinearModel(List<Weights> tasks) {
        Weights s = null;
        Weights e = null;
        Weights i = null;
        for (Weights w : tasks) {
            switch (w.name()) {
                case SENTIMENT -> s = w;
                case EMOTION -> e = w;
                case IRONY -> i = w;
                default -> throw new IllegalArgumentException("unknown task " + w.name());
            }
        }
        if (s == null || e == null || i == null || s.k() != 3 || e.k() != 4 || i.k() != 2) {
            throw new IllegalArgumentException("the model needs sentiment (3 classes), emotion (4) and irony (2)");
        }
        if (s.bits() != e.bits() || s.bits() != i.bits()) {
            throw new IllegalArgumentException("the tasks must share one hash size");
        }
        width = s.k() + e.k() + i.k();
        mask = (1 << s.bits()) - 1;
        table = new byte[(mask + 1) * width];
        sentiment = new Task(s, 0, fill(s, 0), this);
        emotion = new Task(e, s.k(), fill(e, s.k()), this);
        irony = new Task(i, s.k() + e.k(), fill(i, s.k() + e.k()), this);
    }

    /** Quantises {@code w}'s hashed weights into columns {@code [col, col + k)} of the table; returns the scale. */
    private double fill(Weights w, int col) {
        float max = 0;
        for (float x : w.hashed()) {
            max = Math.max(max, Math.abs(x));
        }
        double scale = max == 0 ? 1 : max / 127.0;
        int k = w.k();
        for (int r = 0; r <= mask; r++) {
            for (int c = 0; c < k; c++) {
                long q = Math.round(w.hashed()[r * k + c] / scale);
                table[r * width + col + c] = (byte) Math.max(-127, Math.min(127, q));
            }
        }
        return scale;
    }

    /**
     * One word's features summed: per table column, the integer sum of the rows of its unigram (of {@code kind}) and
     * its character n-grams, and how many features that is. Immutable but for its name, built once when an explanation
     * lists it; cached per model ({@link #word}).
     */
    static final class WordRows {
        final char[] key;
        final byte kind;
        final int hash;
        final int count;
        final int[] sums;

        /** The explanation's name of the word ({@code word:refund}), built when first asked for. */
        private String name;

        WordRows(char[] key, byte kind, int hash, int count, int[] sums) {
            this.key = key;
            this.kind = kind;
            this.hash = hash;
            this.count = count;
            this.sums = sums;
        }

        /** {@code kind:word}; a race builds it twice, equal (a String is safe to publish without a lock). */
        String name() {
            String s = name;
            if (s == null) {
                s = Features.KIND_LABELS[kind] + ":" + new String(key);
                name = s;
            }
            return s;
        }
    }

    /** Sets of the word cache ({@link #word}); two entries each. */
    static final int WORD_SETS = 1 << 15;

    /**
     * Cache of {@link WordRows}, two-way set-associative by unigram hash ({@link #wordSet}): a set's newest entry in
     * its first slot, the one before in its second. Bounded (65,536 words, a few MB), lock-free (entries are
     * immutable; a lost update only costs a recomputation). A miss costs about 3 random table rows per character of
     * the word; of the benchmark corpus's words (cycled) 7.5% missed the former 32,768 direct-mapped slots, 3.8% miss
     * two ways of the same size, 1.2% this.
     */
    private final WordRows[] words = new WordRows[2 * WORD_SETS];

    /** The cache set of a unigram hashed {@code uh}. */
    static int wordSet(int uh) {
        return uh & (WORD_SETS - 1);
    }

    /**
     * The integer sums of the table's columns over the hashed features of {@code t} ({@link Features#extract}'s list,
     * without building it): per word its cached {@link WordRows}, per bigram one row. Records in {@code f} what an
     * explanation needs ({@link Features#words}, {@link Features#bigram}, {@link Features#bigramRows}), the feature
     * count and value. The bigrams' rows are read in a pass of their own, after the words: their reads do not depend
     * on each other, so the processor overlaps their cache misses.
     */
    int[] gather(Features f, Tokens t, boolean[] neg) {
        final int n = t.count;
        final byte[] tb = table;
        final int w = width;
        WordRows[] ws = new WordRows[n];
        int[] bigram = new int[n];
        int[] z = new int[w];
        int size = 0;
        int negLeft = 0;
        for (int i = 0; i < n; i++) {
            int wh = Features.wordHash(t, i);
            byte kind = Features.wordKind(t, i, negLeft);
            WordRows r = word(t, i, kind, Features.mix(wh, kind));
            ws[i] = r;
            size += r.count;
            int[] rs = r.sums;
            for (int c = 0; c < w; c++) {
                z[c] += rs[c];
            }
            negLeft = Features.negationLeft(t, neg, i, negLeft);
            if ((t.flags[i] & Tokenizer.CLAUSE_END) == 0 && i + 1 < n) {
                bigram[i] = (Features.bigramHash(t, i, wh) & mask) * w;
                size++;
            } else {
                bigram[i] = -1;
            }
        }
        byte[] bigramRows = new byte[n * w];
        for (int i = 0; i < n; i++) {
            int b = bigram[i];
            if (b >= 0) {
                System.arraycopy(tb, b, bigramRows, i * w, w);
            }
        }
        for (int i = 0, o = 0; i < n; i++) {
            for (int c = 0; c < w; c++, o++) {
                z[c] += bigramRows[o];
            }
        }
        f.tokens = t;
        f.neg = neg;
        f.words = ws;
        f.bigram = bigram;
        f.bigramRows = bigramRows;
        f.size = size;
        f.value = Features.value(size);
        return z;
    }

    /** Token {@code i}'s {@link WordRows} for its unigram of {@code kind} hashed {@code uh}: cached, else computed. */
    private WordRows word(Tokens t, int i, byte kind, int uh) {
        final WordRows[] ws = words;
        int slot = 2 * wordSet(uh);
        WordRows newest = ws[slot];
        if (newest != null && newest.hash == uh && newest.kind == kind && t.normEquals(i, newest.key)) {
            return newest;
        }
        WordRows older = ws[slot + 1];
        if (older != null && older.hash == uh && older.kind == kind && t.normEquals(i, older.key)) {
            return older;
        }
        int[] grams = new int[Features.MAX_CHAR_GRAMS];
        int count = Features.charGrams(t, i, grams, 0, null);
        int[] sums = new int[width];
        addRow(sums, uh);
        for (int g = 0; g < count; g++) {
            addRow(sums, grams[g]);
        }
        char[] key = new char[t.normLength(i)];
        for (int p = 0; p < key.length; p++) {
            key[p] = t.normChar(i, p);
        }
        WordRows r = new WordRows(key, kind, uh, count + 1, sums);
        ws[slot + 1] = newest;
        ws[slot] = r;
        return r;
    }

    private void addRow(int[] sums, int h) {
        int b = (h & mask) * width;
        for (int c = 0; c < width; c++) {
            sums[c] += table[b + c];
        }
    }

    /** The committed model ({@value #RESOURCE}), loaded once per class loader. */
    static LinearModel shared() {
        LinearModel m = shared;
        if (m == null) {
            synchronized (LinearModel.class) {
                m = shared;
                if (m == null) {
                    try (InputStream in = LinearModel.class.getResourceAsStream(RESOURCE)) {
                        if (in == null) {
                            throw new IllegalStateException("the model resource " + RESOURCE + " is missing: run "
                                    + "benchmarks/run.sh train");
                        }
                        m = read(in);
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + RESOURCE, e);
                    }
                    shared = m;
                }
            }
        }
        return m;
    }

    /** {@code softmax(scale * z)}. */
    public static double[] softmax(double[] z, double scale) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) {
            max = Math.max(max, x * scale);
        }
        double sum = 0;
        double[] p = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            p[c] = Math.exp(z[c] * scale - max);
            sum += p[c];
        }
        for (int c = 0; c < z.length; c++) {
            p[c] /= sum;
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------------ the resource

    /**
     * Writes the tasks: per task its name, classes, hash bits, temperature, dense weights as floats, and the hashed
     * weights quantised to signed bytes with one scale ({@code max |w| / 127}); rows that quantise to all zeros are
     * left out, the others stored as a delta-coded index and {@code k} bytes. Gzipped.
     */
    public static void write(List<Weights> tasks, OutputStream target) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(target, 1 << 16);
        DataOutputStream out = new DataOutputStream(gz);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(tasks.size());
        for (Weights w : tasks) {
            int k = w.k();
            out.writeUTF(w.name());
            out.writeInt(k);
            for (String c : w.classes()) {
                out.writeUTF(c);
            }
            out.writeInt(w.bits());
            out.writeDouble(w.temperature());
            out.writeDouble(w.threshold());
            out.writeInt(w.dense().length);
            for (float x : w.dense()) {
                out.writeFloat(x);
            }
            float max = 0;
            for (float x : w.hashed()) {
                max = Math.max(max, Math.abs(x));
            }
            float scale = max == 0 ? 1f : max / 127f;
            out.writeFloat(scale);
            int rows = 1 << w.bits();
            byte[] q = new byte[rows * k];
            int nonZero = 0;
            for (int r = 0; r < rows; r++) {
                boolean any = false;
                for (int c = 0; c < k; c++) {
                    int b = Math.round(w.hashed()[r * k + c] / scale);
                    q[r * k + c] = (byte) Math.max(-127, Math.min(127, b));
                    any |= b != 0;
                }
                nonZero += any ? 1 : 0;
            }
            out.writeInt(nonZero);
            int last = -1;
            for (int r = 0; r < rows; r++) {
                boolean any = false;
                for (int c = 0; c < k; c++) {
                    any |= q[r * k + c] != 0;
                }
                if (!any) {
                    continue;
                }
                writeVarInt(out, r - last);
                last = r;
                out.write(q, r * k, k);
            }
        }
        out.flush();
        gz.finish();
    }

    /** Reads what {@link #write} wrote. */
    public static LinearModel read(InputStream source) throws IOException {
        return new LinearModel(readWeights(source));
    }

    /** The tasks' weights as stored (after quantisation). */
    public static List<Weights> readWeights(InputStream source) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(new GZIPInputStream(source, 1 << 16)));
        if (in.readInt() != MAGIC) {
            throw new IOException("not an Earshot linear model");
        }
        int version = in.readInt();
        if (version != VERSION && version != 1) {
            throw new IOException("model format version " + version + ", expected 1 or " + VERSION);
        }
        int n = in.readInt();
        List<Weights> tasks = new ArrayList<>(n);
        for (int t = 0; t < n; t++) {
            String name = in.readUTF();
            int k = in.readInt();
            List<String> classes = new ArrayList<>(k);
            for (int c = 0; c < k; c++) {
                classes.add(in.readUTF());
            }
            int bits = in.readInt();
            double temperature = in.readDouble();
            double threshold = version >= 2 ? in.readDouble() : 0.5;
            float[] dense = new float[in.readInt()];
            for (int j = 0; j < dense.length; j++) {
                dense[j] = in.readFloat();
            }
            float scale = in.readFloat();
            float[] hashed = new float[(1 << bits) * k];
            int rows = in.readInt();
            int r = -1;
            byte[] row = new byte[k];
            for (int x = 0; x < rows; x++) {
                r += readVarInt(in);
                in.readFully(row);
                for (int c = 0; c < k; c++) {
                    hashed[r * k + c] = row[c] * scale;
                }
            }
            tasks.add(new Weights(name, List.copyOf(classes), bits, temperature, threshold, hashed, dense));
        }
        return tasks;
    }

    private static void writeVarInt(DataOutputStream out, int v) throws IOException {
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readVarInt(DataInputStream in) throws IOException {
        int v = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            v |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return v;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "LinearModel[%d hash bits, %d columns]", Integer.bitCount(mask), width);
    }
}
