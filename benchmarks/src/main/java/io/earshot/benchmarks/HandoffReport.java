package io.earshot.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Scores;
import io.earshot.escalation.conversations.TrajectoryAssessor;
import io.earshot.sentiment.pipeline.MentionScorer;
import io.earshot.sentiment.scoring.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hand-off quality on the labelled conversations (benchmarks/conversations/labelled.jsonl): every customer turn is
 * scored by the sentiment service's own {@link MentionScorer}, the conversation goes through the service's
 * {@link TrajectoryAssessor} at the default threshold, and the turn it hands off at is compared with the labelled
 * turn: early, on time, late, missed; conversations labelled "no hand-off" that it hands off are false hand-offs.
 * Per split (dev, test) and per domain. {@code --misses} lists every conversation it gets wrong, with the summary.
 */
public final class HandoffReport {
    private HandoffReport() {}

    static final class Tally {
        int positives;
        int onTime;
        int early;
        int late;
        int missed;
        int lateTurns;
        int negatives;
        int falseHandoffs;

        void add(Tally o) {
            positives += o.positives;
            onTime += o.onTime;
            early += o.early;
            late += o.late;
            missed += o.missed;
            lateTurns += o.lateTurns;
            negatives += o.negatives;
            falseHandoffs += o.falseHandoffs;
        }

        String row(String name) {
            return String.format(Locale.ROOT, "| %-10s | %4d | %7s | %7s | %7s | %7s | %4d | %12s |", name, positives,
                    pct(onTime, positives), pct(early, positives), pct(late, positives), pct(missed, positives),
                    negatives,
                    pct(falseHandoffs, negatives));
        }

        static String pct(int n, int of) {
            return of == 0 ? "-" : String.format(Locale.ROOT, "%d (%.0f%%)", n, 100.0 * n / of);
        }
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of("benchmarks/conversations/labelled.jsonl");
        boolean misses = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--file") && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if (args[i].equals("--misses")) {
                misses = true;
            }
        }
        MentionScorer scorer = new MentionScorer(new Scorer(), List.of("en"));
        TrajectoryAssessor assessor = new TrajectoryAssessor();
        double threshold = 1.0;
        Map<String, Tally> bySplit = new LinkedHashMap<>();
        Map<String, Tally> byDomain = new LinkedHashMap<>();
        List<String> wrong = new ArrayList<>();
        int conversations = 0;
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            conversations++;
            JsonNode c = EventCodec.mapper().readTree(line);
            List<TrajectoryAssessor.Turn> turns = new ArrayList<>();
            int labelled = -1;
            for (JsonNode t : c.path("turns")) {
                boolean bot = "bot".equals(t.path("speaker").asText());
                String text = t.path("text").asText();
                Scores s = bot ? null : scorer.score(text, "en");
                if (t.path("turnId").asText().equals(c.path("handoff").asText(null))) {
                    labelled = turns.size();
                }
                turns.add(new TrajectoryAssessor.Turn(t.path("turnId").asText(), bot, text, s));
            }
            TrajectoryAssessor.Assessment a = assessor.assess(turns, threshold, c.path("brand").asText(), null);
            int at = a.handOff() ? a.triggerIndex() : -1;
            Tally t = new Tally();
            String verdict;
            if (labelled >= 0) {
                t.positives = 1;
                if (at < 0) {
                    t.missed = 1;
                    verdict = "missed";
                } else if (at < labelled) {
                    t.early = 1;
                    verdict = "early";
                } else if (at == labelled) {
                    t.onTime = 1;
                    verdict = "on time";
                } else {
                    t.late = 1;
                    t.lateTurns = at - labelled;
                    verdict = "late";
                }
            } else {
                t.negatives = 1;
                t.falseHandoffs = at >= 0 ? 1 : 0;
                verdict = at >= 0 ? "false hand-off" : "ok";
            }
            bySplit.computeIfAbsent(c.path("split").asText("all"), k -> new Tally()).add(t);
            byDomain.computeIfAbsent(c.path("domain").asText("?"), k -> new Tally()).add(t);
            if (!verdict.equals("on time") && !verdict.equals("ok")) {
                wrong.add(String.format(Locale.ROOT, "%s (%s, %s): %s, labelled %s, handed off at %s; %s", c.path("id")
                        .asText(),
                        c.path("shape").asText(), c.path("split").asText(), verdict, c.path("handoff").asText("none"),
                        a.handOff() ? a.atTurnId() : "none", a.summary()));
            }
        }
        System.out.println("Conversation hand-off quality (TrajectoryAssessor, default weights, threshold " + threshold
                + ")");
        System.out.println("date:    " + java.time.Instant.now());
        System.out.println("machine: " + Machine.describe());
        System.out.println("command: " + System.getProperty("earshot.command", "benchmarks/run.sh handoff"));
        System.out.println("data:    " + file + " (" + conversations + " conversations)");
        System.out.println();
        System.out.println("| set        | hand | on time |   early |    late |  missed | calm | false hand-offs |");
        System.out.println("|------------|------|---------|---------|---------|---------|------|--------------|");
        Tally all = new Tally();
        bySplit.forEach((k, v) -> {
            System.out.println(v.row(k));
            all.add(v);
        });
        System.out.println(all.row("all"));
        byDomain.forEach((k, v) -> System.out.println(v.row(k)));
        System.out.println();
        System.out.println("hand = conversations labelled with a hand-off turn; calm = labelled to stay with the bot. "
                + "On time = the labelled turn exactly; late by " + all.lateTurns + " turns in all.");
        if (misses) {
            System.out.println();
            wrong.forEach(System.out::println);
        }
    }
}
