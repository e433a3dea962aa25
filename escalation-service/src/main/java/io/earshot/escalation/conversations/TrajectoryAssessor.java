package io.earshot.escalation.conversations;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Scores;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges a live conversation's trajectory, not its last turn: the trend of the customer's sentiment over the recent
 * turns, frustration and repetition ("I already said", the same question again), explicit requests for a human, the
 * bot's failures (fallback answers, loops), and distress, which hands off at once. Each turn adds signals with a
 * weight; the conversation's score after a turn is the sum of the signals of the last {@code window} turns, and the
 * first turn whose score reaches the threshold is where a human should take over. The assessment names every signal
 * that counted, with its turn, so an agent sees why. Pure and deterministic: the escalation service and the quality
 * benchmark (benchmarks/run.sh handoff) use this one class.
 */
public final class TrajectoryAssessor {
    /** A turn as the assessor sees it; {@code scores} are the sentiment service's (null for unscored bot turns). */
    public record Turn(String turnId, boolean bot, String text, Scores scores) {}

    /** One reason the score moved: its kind, the turn that showed it, its weight and what was seen. */
    public record Signal(String kind, String turnId, double weight, String detail) {}

    /**
     * The verdict after the conversation's turns: the score (as of {@code atTurnId}, the hand-off turn when it
     * crossed, else the last turn), the threshold, whether to hand off, the signals that made the score, a summary
     * in words and the agent's suggested opening line.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Assessment(double score, double threshold, boolean handOff, String atTurnId, Integer triggerIndex,
            List<Signal> signals, List<String> triggeringTurnIds, String summary, String suggestedOpening) {}

    /** Weights and the window; the defaults were tuned on benchmarks/conversations/dev.jsonl only. */
    public record Weights(int window, double frustration, double shouting, double repetition, double fallback,
            double consecutiveFallback, double loop, double negativeLevel, double decline, double anger,
            double recovery) {
        public static final Weights DEFAULT = new Weights(8, 0.35, 0.15, 0.4, 0.25, 0.2, 0.35, 0.35, 0.35, 0.15, -0.35);
    }

    public static final String DISTRESS = "distress";
    public static final String HUMAN_REQUEST = "human_request";
    public static final String FRUSTRATION = "frustration";
    public static final String SHOUTING = "shouting";
    public static final String REPETITION = "repetition";
    public static final String BOT_FALLBACK = "bot_fallback";
    public static final String BOT_LOOP = "bot_loop";
    public static final String NEGATIVE = "negative_sentiment";
    public static final String DECLINE = "sentiment_decline";
    public static final String ANGER = "anger";
    public static final String RECOVERY = "recovery";

    private static final Pattern HUMAN = Pattern.compile(
            "\\b(?:(?:speak|talk|chat|connect(?: me)?|transfer(?: me)?|put me through)"
                    + "(?: (?:to|with))? (?:a |an |to a |to an |with a |with an |some )?(?:real |live |actual )?(?:human|person|"
                    + "agent|representative|rep|operator|someone|somebody|supervisor|manager|staff)"
                    + "|(?:real|live|actual) (?:human|person|agent)|human (?:agent|being|please)|agent,? please"
                    + "|representative,? please|operator,? please|(?:get|give) me (?:a |an )?(?:human|person|agent|representative|manager)"
                    + "|(?:want|need) (?:a |an |to speak to a |to talk to a )?(?:human|person|agent|representative|manager)\\b)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NO_HUMAN = Pattern.compile(
            "\\b(?:no|don'?t|do not|never) (?:need|want)(?: to)?(?: \\w+){0,3} "
                    + "(?:human|person|agent|representative)|\\bwithout (?:a |an )?(?:human|agent)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FRUSTRATED = Pattern.compile(
            "\\b(?:i (?:already|just) (?:said|told|explained|gave|answered|typed|"
                    + "sent|asked)|as i (?:said|told you|mentioned)|i(?:'ve| have) (?:already|just) (?:said|told|explained|given|asked)"
                    + "|(?:for the|this is the) (?:\\w+ )?(?:second|third|fourth|fifth|\\d+(?:st|nd|rd|th)) time|again\\?|"
                    + "(?:still|yet) (?:not|doesn'?t|isn'?t|hasn'?t|haven'?t|no)|not (?:helpful|helping|what i (?:asked|said|meant))"
                    + "|(?:you'?re|you are|this is|that'?s|so|bot is) (?:useless|pointless|ridiculous|unbelievable|a joke|hopeless)"
                    + "|useless|ridiculous|waste of (?:my )?time|(?:you|it) (?:don'?t|doesn'?t|do not|does not) (?:understand|get it|listen)"
                    + "|not listening|stupid (?:bot|machine|robot)|going (?:round|around) in circles|same (?:answer|thing|reply|message)"
                    + "|answer (?:my|the) question|read (?:my|what i)|wtf|for god'?s sake|fed up|sick of|enough of this)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FALLBACK = Pattern.compile(
            "(?:sorry,? i (?:didn'?t|did not|don'?t|do not|couldn'?t|could not) "
                    + "(?:understand|get|catch|follow|find)|i'?m (?:not sure i (?:understand|follow)|afraid i (?:can'?t|cannot|don'?t))|"
                    + "could you (?:please )?(?:rephrase|say that again|try again)|please rephrase|i can'?t help with that|"
                    + "i'?m (?:still )?learning|i don'?t have (?:an answer|information) (?:for|about) that|that'?s (?:outside|beyond) what i can|"
                    + "i didn'?t (?:quite )?(?:get|understand) (?:that|you)|can you try (?:asking|wording) (?:it |that )?(?:another|differently)|"
                    + "here are some (?:help )?(?:articles|topics) (?:that|which) might help)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");

    private final Weights weights;

    public TrajectoryAssessor() {
        this(Weights.DEFAULT);
    }

    public TrajectoryAssessor(Weights weights) {
        this.weights = weights;
    }

    /**
     * Assesses the turns in order against {@code threshold}: the first turn whose score reaches it is the hand-off
     * turn (distress and an explicit request for a human reach it at once); without one, the assessment is as of the
     * last turn. {@code brand} and {@code customer} only shape the suggested opening line.
     */
    public Assessment assess(List<Turn> turns, double threshold, String brand, String customer) {
        List<List<Signal>> perTurn = new ArrayList<>(turns.size());
        List<Set<String>> words = new ArrayList<>(turns.size());
        List<Double> sentiments = new ArrayList<>();
        List<Integer> sentimentTurns = new ArrayList<>();
        double score = 0;
        List<Signal> counted = List.of();
        int last = -1;
        boolean previousFallback = false;
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            List<Signal> signals = new ArrayList<>();
            Set<String> w = words(t.text());
            boolean immediate = false;
            if (t.bot()) {
                boolean fallback = FALLBACK.matcher(t.text()).find();
                if (fallback) {
                    signals.add(new Signal(BOT_FALLBACK, t.turnId(), weights.fallback(), "fallback answer: " + clip(t
                            .text())));
                    if (previousFallback) {
                        signals.add(new Signal(BOT_FALLBACK, t.turnId(), weights.consecutiveFallback(),
                                "second fallback in a row"));
                    }
                }
                int same = similarEarlier(turns, words, i, w, true, 0.8);
                if (same >= 0) {
                    signals.add(new Signal(BOT_LOOP, t.turnId(), fallback ? weights.loop() / 2 : weights.loop(),
                            "the bot repeats its turn " + turns.get(same).turnId()));
                }
                previousFallback = fallback;
            } else {
                Scores s = t.scores();
                Distress d = s == null ? Distress.NONE : s.distress();
                if (d.present()) {
                    signals.add(new Signal(DISTRESS, t.turnId(), threshold, d.kind().name() + " distress"
                            + (d.tentative() ? " (possible)" : "") + String.format(Locale.ROOT, ", confidence %.2f",
                                    d.confidence())));
                    immediate = true;
                }
                Matcher human = HUMAN.matcher(t.text());
                if (human.find() && !NO_HUMAN.matcher(t.text()).find()) {
                    signals.add(new Signal(HUMAN_REQUEST, t.turnId(), threshold, "asks for a human: \"" + human.group()
                            + "\""));
                    immediate = true;
                }
                Matcher frustrated = FRUSTRATED.matcher(t.text());
                if (frustrated.find()) {
                    signals.add(new Signal(FRUSTRATION, t.turnId(), weights.frustration(), "\"" + frustrated.group()
                            + "\""));
                }
                if (shouting(t.text())) {
                    signals.add(new Signal(SHOUTING, t.turnId(), weights.shouting(), "capitals or !!!"));
                }
                int same = similarEarlier(turns, words, i, w, false, 0.6);
                if (same >= 0) {
                    signals.add(new Signal(REPETITION, t.turnId(), weights.repetition(),
                            "repeats turn " + turns.get(same).turnId()));
                }
                if (s != null) {
                    sentimentSignals(turns, i, s, signals, sentiments, sentimentTurns);
                }
            }
            perTurn.add(signals);
            words.add(w);
            List<Signal> window = new ArrayList<>();
            double sum = 0;
            for (int j = Math.max(0, i - weights.window() + 1); j <= i; j++) {
                for (Signal sig : perTurn.get(j)) {
                    window.add(sig);
                    sum += sig.weight();
                }
            }
            sum = Math.max(0, sum);
            score = immediate ? Math.max(sum, threshold) : sum;
            counted = window;
            last = i;
            if (score >= threshold) {
                return verdict(turns, round(score), threshold, true, i, counted, brand, customer);
            }
        }
        return verdict(turns, round(score), threshold, false, last, counted, brand, customer);
    }

    /**
     * The signals of a customer turn's scores (negative, anger, a decline within the window, recovery), and its
     * sentiment remembered for later turns' declines.
     */
    private void sentimentSignals(List<Turn> turns, int i, Scores s, List<Signal> signals, List<Double> sentiments,
            List<Integer> sentimentTurns) {
        Turn t = turns.get(i);
        if (s.sentiment() <= -0.3) {
            signals.add(new Signal(NEGATIVE, t.turnId(), round(weights.negativeLevel() * -s.sentiment()),
                    String.format(Locale.ROOT, "sentiment %.2f", s.sentiment())));
        }
        if (s.emotions().anger() >= 0.5) {
            signals.add(new Signal(ANGER, t.turnId(), weights.anger(),
                    String.format(Locale.ROOT, "anger %.2f", s.emotions().anger())));
        }
        int from = firstWithin(sentimentTurns, i - weights.window());
        if (from >= 0 && from < sentiments.size()) {
            double start = sentiments.get(from);
            double drop = start - s.sentiment();
            if (drop >= 0.4 && s.sentiment() < 0) {
                signals.add(new Signal(DECLINE, t.turnId(), round(weights.decline() * Math.min(drop, 1.5)),
                        String.format(Locale.ROOT, "sentiment fell from %.2f (turn %s) to %.2f", start,
                                turns.get(sentimentTurns.get(from)).turnId(), s.sentiment())));
            }
        }
        if (s.sentiment() >= 0.5 && signals.isEmpty()) {
            signals.add(new Signal(RECOVERY, t.turnId(), weights.recovery(),
                    String.format(Locale.ROOT, "sentiment %.2f", s.sentiment())));
        }
        sentiments.add(s.sentiment());
        sentimentTurns.add(i);
    }

    private Assessment verdict(List<Turn> turns, double score, double threshold, boolean handOff, int at,
            List<Signal> signals, String brand, String customer) {
        List<Signal> moving = signals.stream().filter(s -> s.weight() != 0).toList();
        List<String> triggering = new ArrayList<>();
        moving.stream().filter(s -> s.weight() > 0).map(Signal::turnId).distinct().forEach(triggering::add);
        String atTurn = at < 0 ? null : turns.get(at).turnId();
        StringBuilder summary = new StringBuilder();
        summary.append(String.format(Locale.ROOT, "score %.2f of %.2f after turn %s", score, threshold, atTurn));
        if (!moving.isEmpty()) {
            summary.append(": ");
            List<String> parts = new ArrayList<>();
            for (Signal s : moving) {
                parts.add(String.format(Locale.ROOT, "%s %+.2f (turn %s, %s)", s.kind(), s.weight(), s.turnId(), s
                        .detail()));
            }
            summary.append(String.join("; ", parts));
        }
        return new Assessment(score, threshold, handOff, atTurn, handOff ? at : null, moving, triggering,
                summary.toString(), handOff ? opening(moving, turns, brand, customer) : null);
    }

    /** The agent's first line: who they are, that they read the conversation, and what comes first. */
    static String opening(List<Signal> signals, List<Turn> turns, String brand, String customer) {
        String team = brand == null || brand.isBlank() ? "our team" : "the " + brand + " team";
        String name = customer == null || customer.isBlank() ? "" : " " + customer.replaceFirst("^@", "");
        Signal distress = signals.stream().filter(s -> s.kind().equals(DISTRESS)).findFirst().orElse(null);
        if (distress != null) {
            return "Hi" + name + ", I'm a real person from " + team + " and I'm here with you now. I've read what you "
                    + "wrote, and your safety matters more than anything else here. Are you safe right now?";
        }
        String topic = turns.stream().filter(t -> !t.bot() && t.scores() != null && !t.scores().topics().isEmpty())
                .reduce((a, b) -> b).map(t -> " with " + t.scores().topics().get(0).replace('_', ' ')).orElse("");
        if (signals.stream().anyMatch(s -> s.kind().equals(HUMAN_REQUEST))) {
            return "Hi" + name + ", you're now talking to a person from " + team
                    + ". I've read your whole conversation, "
                    + "so you won't need to repeat anything. Let me help you" + topic + " right away.";
        }
        boolean botFailed = signals.stream().anyMatch(s -> s.kind().equals(BOT_FALLBACK) || s.kind().equals(BOT_LOOP)
                || s.kind().equals(REPETITION));
        return "Hi" + name + ", I'm a person from " + team + " and I've taken over from our assistant. "
                + (botFailed
                        ? "I'm sorry it kept missing what you needed; "
                        : "I'm sorry this has been so frustrating; ")
                + "I've read everything you've said, so let's sort this out" + topic + " now.";
    }

    private static int firstWithin(List<Integer> turnIndexes, int after) {
        for (int k = 0; k < turnIndexes.size(); k++) {
            if (turnIndexes.get(k) > after) {
                return k;
            }
        }
        return -1;
    }

    /** The latest earlier turn of the same speaker whose words overlap {@code w} at least {@code min} (Jaccard). */
    private static int similarEarlier(List<Turn> turns, List<Set<String>> words, int i, Set<String> w, boolean bot,
            double min) {
        if (w.size() < 3) {
            return -1;
        }
        for (int j = i - 1; j >= 0; j--) {
            if (turns.get(j).bot() != bot) {
                continue;
            }
            Set<String> other = words.get(j);
            if (other.size() < 3) {
                continue;
            }
            Set<String> union = new HashSet<>(w);
            union.addAll(other);
            long common = w.stream().filter(other::contains).count();
            if ((double) common / union.size() >= min) {
                return j;
            }
        }
        return -1;
    }

    private static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (m.group().length() >= 3) {
                out.add(m.group());
            }
        }
        return out;
    }

    private static boolean shouting(String text) {
        if (text.contains("!!!") || text.contains("?!?") || text.contains("??")) {
            return true;
        }
        int letters = 0;
        int upper = 0;
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.isUpperCase(c)) {
                    upper++;
                }
            }
        }
        return letters >= 12 && upper >= 0.7 * letters;
    }

    private static String clip(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
