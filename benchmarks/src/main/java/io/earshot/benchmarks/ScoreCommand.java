package io.earshot.benchmarks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.sentiment.pipeline.MentionScorer;
import io.earshot.sentiment.scoring.Scorer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Scores texts from stdin, one JSON string per line ({@code "I can smell gas"}), and writes one JSON object per line
 * in the shape of {@code POST /api/v1/scores/preview}'s answer, through the service's own {@link MentionScorer} (same
 * language handling, same scorer). Run it with {@code benchmarks/run.sh score}. A line that is not a JSON string gets
 * {@code {"error": "..."}} on its output line, so outputs stay aligned with inputs. Languages:
 * {@code EARSHOT_SCORING_LANGUAGES} (default {@code en}), as in the service.
 */
public final class ScoreCommand {
    private ScoreCommand() {}

    public static void main(String[] args) throws IOException {
        String langs = System.getenv().getOrDefault("EARSHOT_SCORING_LANGUAGES", "en");
        MentionScorer scorer = new MentionScorer(new Scorer(), Arrays.asList(langs.split(",")));
        ObjectMapper json = EventCodec.mapper();
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String result;
            try {
                JsonNode node = json.readTree(line);
                if (node == null || !node.isTextual()) {
                    result = error(json, "expected a JSON string per line");
                } else {
                    result = json.writeValueAsString(scorer.score(node.textValue(), null));
                }
            } catch (JsonProcessingException e) {
                result = error(json, "not JSON: " + e.getOriginalMessage());
            }
            out.println(result);
        }
        out.flush();
    }

    private static String error(ObjectMapper json, String message) throws JsonProcessingException {
        return json.writeValueAsString(java.util.Map.of("error", message));
    }
}
