package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Scores;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scorer's model path sums each word's features from a per-model cache ({@link LinearModel#gather}) instead of
 * walking the list of hashed features the model was trained on ({@link Features#extract}). This test holds the fast
 * path to the reference computation, written here feature by feature as the definition reads: the same integer sums
 * per class (hence the same probabilities, labels and confidences), the same feature count and value, and the same
 * explanations (names, order, deltas), on a varied sample; and the same scores from a cold cache as from a warm one.
 */
class ModelFastPathTest {
    static final String[] TEXTS = {
            "I love this phone, the battery is great!", "not good at all, never buying again",
            "This is NOT what I ordered",
            "soooo happy with the refund 😍😍", "#EpicFail @airline lost my bag again #not",
            "yeah right, great service /s",
            "kick ass show tonight!!!", "no problem at all :)", "I can smell gas in the kitchen",
            "worst. customer. service. ever.",
            "The app crashed, but support fixed it quickly.", "i'm dead 😂", "everyone would be better off without me",
            "Thanks for nothing, I waited 3 hours.", "meh", "¯\\_(ツ)_/¯", "日本語のテキスト", "ok ok ok ok ok ok ok",
            "unbelievably disappointing #worstserviceever #neveragain", "don't you dare cancel my order",
            "what?? why would you do that??", "The driver pushed me and drove off", "Hmm... I think it's fine I guess",
            "#MondayMotivation #blessed #grateful", "LOVE LOVE LOVE it", "x".repeat(60) + " terrible " + "y".repeat(49),
            "a b c d e f g", "I didn't hate it, I didn't love it", "refund refund refund!!! NOW", "\"great\" they said",
    };

    static final String[] WORDS = {"great", "not", "never", "very", "but", "the", "refund", "service", "app", "love",
            "hate", "terrible", "awful", "amazing", "#fail", "#not", "😡", "❤️", ":)", ":(", "!!!", "?", ".", ",",
            "and",
            "really", "SO", "sooooo", "didn't", "cancelled", "waiting", "hours", "again", "thanks", "lol", "smh", "wtf",
            "kill", "myself", "bug", "driver", "lawyer", "sue", "hurt", "burned", "can't", "won't", "totally",
            "#blessed",
            "supercalifragilistic", "qwzx", "aé", "ß", "İstanbul", "\n", "@user", "http://x.y/z"};

    static List<String> sample() {
        List<String> out = new ArrayList<>(List.of(TEXTS));
        Random r = new Random(21);
        for (int i = 0; i < 400; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = 0, n = 1 + r.nextInt(30); k < n; k++) {
                b.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(6) == 0 ? "" : " ");
            }
            out.add(b.toString());
        }
        out.addAll(ScorerInvariantsTest.garbage(200, 25));
        return out;
    }

    static LinearModel freshModel() throws IOException {
        try (InputStream in = LinearModel.class.getResourceAsStream(LinearModel.RESOURCE)) {
            return LinearModel.read(in);
        }
    }

    @Test
    void sumsCountsAndExplanationsEqualTheFeatureByFeatureReference() throws IOException {
        LinearModel model = freshModel();
        Scorer scorer = new Scorer(Lexicon.shared(), model);
        int words = 0;
        int explained = 0;
        for (String text : sample()) {
            Features scored = scorer.analyze(text, true).features;
            if (scored == null) {
                continue;
            }
            Tokens t = scored.tokens;
            Features fast = new Features();
            System.arraycopy(scored.dense, 0, fast.dense, 0, fast.dense.length);
            int[] sums = model.gather(fast, t, scored.neg);
            Features ref = new Features();
            System.arraycopy(scored.dense, 0, ref.dense, 0, ref.dense.length);
            ref.extract(t, scored.neg, true);

            assertThat(sums).as(text).containsExactly(referenceSums(model, ref));
            assertThat(fast.size).as(text).isEqualTo(ref.size);
            assertThat(fast.value).as(text).isEqualTo(ref.value);
            words += t.count;
            for (LinearModel.Task task : new LinearModel.Task[]{model.sentiment, model.emotion, model.irony}) {
                assertThat(task.probabilities(fast, sums)).as(text).containsExactly(task.probabilities(ref, sums));
                for (int c = 0; c < task.k; c++) {
                    // every contribution, so that ties at the cut are compared whole
                    int all = 2 * t.count + Features.DENSE_NAMES.length;
                    List<LinearModel.Contribution> got = task.explain(fast, c, all);
                    List<LinearModel.Contribution> want = referenceExplain(model, task, ref, c, all);
                    assertSameContributions(text, got, want);
                    assertThat(task.explain(fast, c, 8)).as(text).isEqualTo(got.subList(0, Math.min(8, got.size())));
                    explained += got.size();
                }
            }
        }
        assertThat(words).as("tokens compared").isGreaterThan(5_000);
        assertThat(explained).as("contributions compared").isGreaterThan(10_000);
    }

    @Test
    void aColdCacheScoresLikeAWarmOneAndCollidingWordsKeepTheirOwnRows() throws IOException {
        List<String> sample = sample();
        Scorer warm = new Scorer(Lexicon.shared(), freshModel());
        for (String text : sample) {
            warm.verdict(text, true);
        }
        Scorer cold = new Scorer(Lexicon.shared(), freshModel());
        for (String text : sample) {
            Verdict a = cold.verdict(text, true);
            Verdict b = warm.verdict(text, true);
            assertThat(a.scores()).as(text).isEqualTo(b.scores());
            assertThat(a.sentiment()).as(text).isEqualTo(b.sentiment());
            assertThat(a.emotion()).as(text).isEqualTo(b.emotion());
            assertThat(a.irony()).as(text).isEqualTo(b.irony());
        }
        // three words whose unigrams share a cache set (two ways): scored in turn, each keeps its own sums, and the
        // third evicts the oldest; short words, and long ones that differ only towards their end
        assertCollidingWordsKeepTheirOwnRows("zq", "x");
        assertCollidingWordsKeepTheirOwnRows("pneumonoultramicroscopic", "x");
    }

    private static void assertCollidingWordsKeepTheirOwnRows(String prefix, String suffix) throws IOException {
        Tokenizer tokenizer = new Tokenizer(Lexicon.shared());
        java.util.Map<Integer, List<String>> bySet = new java.util.HashMap<>();
        List<String> same = null;
        for (int i = 0; same == null; i++) {
            String w = prefix + i + suffix;
            int set = LinearModel.wordSet(Features.mix(Features.wordHash(tokenizer.tokenize(w), 0), Features.UNIGRAM));
            List<String> words = bySet.computeIfAbsent(set, k -> new ArrayList<>());
            words.add(w);
            if (words.size() == 3) {
                same = words;
            }
        }
        List<Scores> alone = new ArrayList<>();
        for (String w : same) {
            alone.add(new Scorer(Lexicon.shared(), freshModel()).score("bad " + w, true));
        }
        Scorer shared = new Scorer(Lexicon.shared(), freshModel());
        for (int round = 0; round < 2; round++) {
            for (int k = 0; k < same.size(); k++) {
                assertThat(shared.score("bad " + same.get(k), true)).as(same.get(k)).isEqualTo(alone.get(k));
            }
        }
    }

    /**
     * The same deltas in the same order, and the same features for them. The reference sums a word's features one by
     * one in floating point, the fast path sums their integer weights first: the same number up to rounding noise
     * (below 1e-9), so two features with equal shares (a tie, common with 8-bit weights) may come in either order, and
     * a share that is exactly zero may come out as noise in the reference (not listed by the fast path). Ties are
     * compared as sets; noise-sized reference entries must be the only extra ones.
     */
    static void assertSameContributions(String text, List<LinearModel.Contribution> got,
            List<LinearModel.Contribution> want) {
        List<LinearModel.Contribution> w = want.stream().filter(x -> Math.abs(x.delta()) > 1e-9).toList();
        assertThat(want.size() - w.size()).as(text + ": only noise-sized reference entries are left out")
                .isEqualTo(want.size() - got.size());
        assertThat(got).as(text).hasSameSizeAs(w);
        int i = 0;
        while (i < got.size()) {
            int j = i + 1;
            while (j < got.size() && Math.abs(Math.abs(got.get(j).delta()) - Math.abs(got.get(i).delta())) < 1e-9) {
                j++;
            }
            java.util.Map<String, Double> a = new java.util.TreeMap<>();
            java.util.Map<String, Double> b = new java.util.TreeMap<>();
            for (int x = i; x < j; x++) {
                a.put(got.get(x).feature(), Explainer.round3(got.get(x).delta()));
                b.put(w.get(x).feature(), Explainer.round3(w.get(x).delta()));
                assertThat(Math.abs(got.get(x).delta())).as(text)
                        .isCloseTo(Math.abs(w.get(x).delta()), org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(a).as(text + " (tied at " + got.get(i).delta() + ")").isEqualTo(b);
            i = j;
        }
    }

    /** The reference: the model's column sums over the list of hashed features, one table row per feature. */
    static int[] referenceSums(LinearModel m, Features f) {
        int[] z = new int[m.width];
        for (int i = 0; i < f.size; i++) {
            int b = (f.hash[i] & m.mask) * m.width;
            for (int c = 0; c < m.width; c++) {
                z[c] += m.table[b + c];
            }
        }
        return z;
    }

    /** The reference: each hashed feature's {@code x * (w[c] - mean of w)}, summed per word, per bigram. */
    static List<LinearModel.Contribution> referenceExplain(LinearModel m, LinearModel.Task task, Features f, int c,
            int top) {
        Tokens t = f.tokens;
        int n = t.count;
        int k = task.k;
        double[] delta = new double[2 * n + f.dense.length];
        byte[] wordKind = new byte[n];
        double v = f.value * task.scale;
        for (int i = 0; i < f.size; i++) {
            int b = (f.hash[i] & m.mask) * m.width + task.col;
            double mean = 0;
            for (int x = 0; x < k; x++) {
                mean += m.table[b + x];
            }
            double d = v * (m.table[b + c] - mean / k);
            int tok = f.token(i);
            byte kind = f.kind(i);
            if (kind == Features.BIGRAM) {
                delta[n + tok] += d;
            } else {
                delta[tok] += d;
                if (kind != Features.CHARS) {
                    wordKind[tok] = kind;
                }
            }
        }
        for (int j = 0; j < f.dense.length; j++) {
            if (f.dense[j] != 0 && j != Features.D_BIAS) {
                double mean = 0;
                for (int x = 0; x < k; x++) {
                    mean += task.dense[j * k + x];
                }
                delta[2 * n + j] = f.dense[j] * (task.dense[j * k + c] - mean / k);
            }
        }
        List<LinearModel.Contribution> out = new ArrayList<>();
        boolean[] taken = new boolean[delta.length];
        for (int r = 0; r < top; r++) {
            int best = -1;
            for (int i = 0; i < delta.length; i++) {
                if (!taken[i] && delta[i] != 0 && (best < 0 || Math.abs(delta[i]) > Math.abs(delta[best]))) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            taken[best] = true;
            String name = best < n
                    ? Features.KIND_LABELS[wordKind[best]] + ":" + t.norm(best)
                    : best < 2 * n
                            ? "bigram:" + t.norm(best - n) + " " + t.norm(best - n + 1)
                            : Features.DENSE_NAMES[best - 2 * n];
            out.add(new LinearModel.Contribution(name, delta[best]));
        }
        return out;
    }
}
