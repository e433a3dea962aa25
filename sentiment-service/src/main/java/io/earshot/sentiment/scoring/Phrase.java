package io.earshot.sentiment.scoring;

/** One lexicon cue of one or more tokens. Immutable. */
final class Phrase {
    static final byte PLAIN = 0;
    static final byte BOOSTER = 1;
    static final byte NEGATOR = 2;

    final Family family;
    /** Normalised tokens; {@link Lexicon#NUM} stands for any number. */
    final String[] tokens;
    /** The lexicon entry of each token (null for {@link Lexicon#NUM}), for identity matching. */
    final Entry[] entries;
    final int length;
    /** Sub-kind: urgency cue class, distress kind, DOES/ASPECT theme; "-" when unused. */
    final String label;
    final double weight;
    final byte kind;
    /** The tokens joined by spaces, for explanations. */
    final String text;
    /** Emotion weights for {@link Family#EMOTION} phrases, else null. */
    final double[] emotions;
    /** Family-specific index: the distress kind's ordinal for {@link Family#DISTRESS}, else -1. */
    final int category;

    Phrase(Family family, String[] tokens, Entry[] entries, String label, double weight, byte kind, double[] emotions,
            int category) {
        this.family = family;
        this.tokens = tokens;
        this.entries = entries;
        this.length = tokens.length;
        this.label = label;
        this.weight = weight;
        this.kind = kind;
        this.text = String.join(" ", tokens);
        this.emotions = emotions;
        this.category = category;
    }

    @Override
    public String toString() {
        return family + ":" + text + "=" + weight;
    }
}
