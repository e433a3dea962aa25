package io.earshot.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The texts the throughput benchmarks score: real tweets from {@code ../shared/data} when present (VADER's 4,200
 * ground-truth tweets and TweetEval's 2,000 sentiment validation tweets), otherwise a synthetic corpus generated
 * deterministically here, so the benchmark runs on any machine.
 */
record Corpus(String description, List<String> texts) {

    static final int SYNTHETIC_SIZE = 5_000;
    static final long SEED = 20_261_123L;

    /** The shared tweets when the data folder has them, otherwise {@link #synthetic(int, long)}. */
    static Corpus load(Path dataDir) {
        List<String> texts = new ArrayList<>();
        List<String> from = new ArrayList<>();
        Data.groundTruth(dataDir, "tweets_GroundTruth.txt").ifPresent(s -> {
            texts.addAll(s.texts());
            from.add(s.name() + " (" + s.size() + ")");
        });
        Data.tweetEval(dataDir, "sentiment", "val").ifPresent(s -> {
            texts.addAll(s.texts());
            from.add(s.name() + " (" + s.size() + ")");
        });
        if (texts.isEmpty()) {
            return synthetic(SYNTHETIC_SIZE, SEED);
        }
        return new Corpus(texts.size() + " tweets from " + dataDir + ": " + String.join(" + ", from), List.copyOf(
                texts));
    }

    private static final String[] OPENERS = {"", "", "", "@user ", "@user @user ", "RT @user: ", "omg ", "Honestly ",
            "So ", "Wow, ", "Ugh ", "Just "};
    private static final String[] SUBJECTS = {"the new update", "my order", "this airline", "the support team",
            "your app", "the delivery", "customer service", "the battery", "this phone", "the refund",
            "the game last night",
            "the flight", "my package", "the checkout page", "the price"};
    private static final String[] VERBS = {"is", "was", "has been", "feels", "looks", "is not", "wasn't", "isn't",
            "is really", "is kind of", "was sooo", "is totally", "is NOT"};
    private static final String[] ADJECTIVES = {"great", "awesome", "terrible", "bad", "broken", "amazing", "slow",
            "fine", "good", "horrible", "confusing", "perfect", "useless", "fantastic", "disappointing", "ok", "late",
            "helpful", "rude", "lovely", "scary", "weird"};
    private static final String[] TAILS = {"", "", ".", "!", "!!!", "?", " :)", " :(", " 😡", " 😂", " ❤️", " 🙄",
            " #fail", " #love", " #customerservice", " lol", " smh", " thanks a lot", " but whatever",
            " but the staff were kind", ", can anyone help?", " and I want a refund NOW", " http://t.co/abc123",
            ". Been waiting 3 hours...", " yeah right", ". Thank you so much!"};
    private static final String[] SECOND = {"", "", "", " I can't believe it.", " Never again.", " Best day ever.",
            " Not sure what to do.", " I'm so angry right now.", " Feeling sad about it.",
            " Thanks @user for the help!",
            " Great, just great.", " Please fix this asap!!", " Love you guys", " What a joke."};

    /** {@code size} tweet-like texts from a fixed seed: the same list on every machine and every run. */
    static Corpus synthetic(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>(size);
        StringBuilder sb = new StringBuilder(160);
        for (int i = 0; i < size; i++) {
            sb.setLength(0);
            sb.append(pick(r, OPENERS)).append(pick(r, SUBJECTS)).append(' ').append(pick(r, VERBS)).append(' ')
                    .append(pick(r, ADJECTIVES)).append(pick(r, TAILS)).append(pick(r, SECOND));
            texts.add(sb.toString());
        }
        return new Corpus(size + " synthetic tweet-like texts (seed " + seed + "; no shared data found)",
                List.copyOf(texts));
    }

    private static String pick(SplittableRandom r, String[] options) {
        return options[r.nextInt(options.length)];
    }
}
