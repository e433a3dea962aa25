package io.earshot.escalation.rules;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.platform.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A rule's conditions (all given ones must hold, at least one is required) and its action: target queue and
 * priority band.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleDefinition(Conditions conditions, Action action) {
    public static final Set<String> BANDS = Set.of("P1", "P2", "P3", "P4");
    public static final Set<String> EMOTIONS = Set.of("anger", "joy", "confusion", "sadness", "fear", "gratitude");
    static final Pattern QUEUE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    static final int MAX_LIST = 50;

    @JsonIgnoreProperties(ignoreUnknown = false)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Conditions(Double sentimentAtMost, Double sentimentAtLeast, Map<String, Double> emotionsAtLeast,
            Double urgencyAtLeast, List<String> distressKinds, Double sarcasmAtLeast, Double sarcasmAtMost,
            List<String> topicsAny, List<String> sources, List<String> brands, Long minFollowers, Boolean verified,
            List<String> keywordsAny, List<String> piiKindsAny) {

        /** Conditions without {@code piiKindsAny}. */
        public Conditions(Double sentimentAtMost, Double sentimentAtLeast, Map<String, Double> emotionsAtLeast,
                Double urgencyAtLeast, List<String> distressKinds, Double sarcasmAtLeast, Double sarcasmAtMost,
                List<String> topicsAny, List<String> sources, List<String> brands, Long minFollowers, Boolean verified,
                List<String> keywordsAny) {
            this(sentimentAtMost, sentimentAtLeast, emotionsAtLeast, urgencyAtLeast, distressKinds, sarcasmAtLeast,
                    sarcasmAtMost, topicsAny, sources, brands, minFollowers, verified, keywordsAny, null);
        }
    }

    /** The kinds of personal data the listener redacts ({@code Mention.pii.kinds}), which rules may match on. */
    public static final Set<String> PII_KINDS = Set.of("email", "phone", "card", "iban", "address");

    @JsonIgnoreProperties(ignoreUnknown = false)
    public record Action(String queue, String priority) {}

    /** Every problem with this definition, each naming its field ({@code prefix} + path); empty when valid. */
    public List<Problem.FieldError> validate(String prefix) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (conditions == null) {
            errors.add(new Problem.FieldError(prefix + "conditions", "is required"));
        } else {
            Conditions c = conditions;
            String p = prefix + "conditions.";
            range(errors, p + "sentimentAtMost", c.sentimentAtMost, -1, 1);
            range(errors, p + "sentimentAtLeast", c.sentimentAtLeast, -1, 1);
            range(errors, p + "urgencyAtLeast", c.urgencyAtLeast, 0, 1);
            range(errors, p + "sarcasmAtLeast", c.sarcasmAtLeast, 0, 1);
            range(errors, p + "sarcasmAtMost", c.sarcasmAtMost, 0, 1);
            if (c.sentimentAtMost != null && c.sentimentAtLeast != null && c.sentimentAtLeast > c.sentimentAtMost) {
                errors.add(new Problem.FieldError(p + "sentimentAtLeast", "must not exceed sentimentAtMost"));
            }
            if (c.emotionsAtLeast != null) {
                if (c.emotionsAtLeast.isEmpty()) {
                    errors.add(new Problem.FieldError(p + "emotionsAtLeast", "must not be empty"));
                }
                c.emotionsAtLeast.forEach((k, v) -> {
                    if (!EMOTIONS.contains(k)) {
                        errors.add(new Problem.FieldError(p + "emotionsAtLeast." + k, "unknown emotion; one of "
                                + EMOTIONS));
                    } else {
                        range(errors, p + "emotionsAtLeast." + k, v, 0, 1);
                    }
                });
            }
            list(errors, p + "distressKinds", c.distressKinds);
            if (c.distressKinds != null) {
                for (String k : c.distressKinds) {
                    if (k == null || "none".equals(k) || !isDistressKind(k)) {
                        errors.add(new Problem.FieldError(p + "distressKinds", "unknown distress kind " + k));
                    }
                }
            }
            list(errors, p + "topicsAny", c.topicsAny);
            list(errors, p + "sources", c.sources);
            list(errors, p + "brands", c.brands);
            list(errors, p + "keywordsAny", c.keywordsAny);
            list(errors, p + "piiKindsAny", c.piiKindsAny);
            if (c.piiKindsAny != null) {
                for (String k : c.piiKindsAny) {
                    if (!PII_KINDS.contains(k)) {
                        errors.add(new Problem.FieldError(p + "piiKindsAny", "unknown kind " + k + "; one of "
                                + PII_KINDS.stream().sorted().toList()));
                    }
                }
            }
            if (c.minFollowers != null && c.minFollowers < 0) {
                errors.add(new Problem.FieldError(p + "minFollowers", "must be at least 0"));
            }
            if (c.equals(new Conditions(null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null))) {
                errors.add(new Problem.FieldError(prefix + "conditions", "needs at least one condition"));
            }
        }
        if (action == null) {
            errors.add(new Problem.FieldError(prefix + "action", "is required"));
        } else {
            if (action.queue == null || !QUEUE.matcher(action.queue).matches()) {
                errors.add(new Problem.FieldError(prefix + "action.queue", "must match " + QUEUE.pattern()));
            }
            if (action.priority == null || !BANDS.contains(action.priority)) {
                errors.add(new Problem.FieldError(prefix + "action.priority", "must be one of P1, P2, P3, P4"));
            }
        }
        return errors;
    }

    /** Whether every condition holds for {@code scored}. */
    public boolean matches(ScoredMention scored) {
        Conditions c = conditions;
        Scores s = scored.scores();
        Mention m = scored.mention();
        if (c.sentimentAtMost != null && s.sentiment() > c.sentimentAtMost) {
            return false;
        }
        if (c.sentimentAtLeast != null && s.sentiment() < c.sentimentAtLeast) {
            return false;
        }
        if (c.urgencyAtLeast != null && s.urgency() < c.urgencyAtLeast) {
            return false;
        }
        if (c.sarcasmAtLeast != null && s.sarcasm() < c.sarcasmAtLeast) {
            return false;
        }
        if (c.sarcasmAtMost != null && s.sarcasm() > c.sarcasmAtMost) {
            return false;
        }
        if (c.emotionsAtLeast != null) {
            for (Map.Entry<String, Double> e : c.emotionsAtLeast.entrySet()) {
                if (emotion(s.emotions(), e.getKey()) < e.getValue()) {
                    return false;
                }
            }
        }
        if (c.distressKinds != null && (!s.distress().present() || !c.distressKinds.contains(s.distress().kind()
                .name()))) {
            return false;
        }
        if (c.topicsAny != null && s.topics().stream().noneMatch(c.topicsAny::contains)) {
            return false;
        }
        if (c.sources != null && !c.sources.contains(m.source())) {
            return false;
        }
        if (c.brands != null && !c.brands.contains(m.brand())) {
            return false;
        }
        long followers = m.author() == null || m.author().followers() == null ? 0 : m.author().followers();
        if (c.minFollowers != null && followers < c.minFollowers) {
            return false;
        }
        if (c.verified != null && (m.author() != null && m.author().verified()) != c.verified) {
            return false;
        }
        if (c.piiKindsAny != null && m.pii().kinds().stream().noneMatch(c.piiKindsAny::contains)) {
            return false;
        }
        if (c.keywordsAny != null) {
            String text = m.text() == null ? "" : m.text().toLowerCase(Locale.ROOT);
            return c.keywordsAny.stream().anyMatch(k -> text.contains(k.toLowerCase(Locale.ROOT)));
        }
        return true;
    }

    static double emotion(Emotions e, String name) {
        return switch (name) {
            case "anger" -> e.anger();
            case "joy" -> e.joy();
            case "confusion" -> e.confusion();
            case "sadness" -> e.sadness();
            case "fear" -> e.fear();
            case "gratitude" -> e.gratitude();
            default -> 0;
        };
    }

    private static boolean isDistressKind(String k) {
        for (DistressKind kind : DistressKind.values()) {
            if (kind.name().equals(k)) {
                return true;
            }
        }
        return false;
    }

    private static void range(List<Problem.FieldError> errors, String field, Double v, double min, double max) {
        if (v != null && (v.isNaN() || v < min || v > max)) {
            errors.add(new Problem.FieldError(field, "must be between " + min + " and " + max));
        }
    }

    private static void list(List<Problem.FieldError> errors, String field, List<String> values) {
        if (values == null) {
            return;
        }
        if (values.isEmpty() || values.size() > MAX_LIST) {
            errors.add(new Problem.FieldError(field, "must hold 1 to " + MAX_LIST + " entries"));
        } else if (values.stream().anyMatch(v -> v == null || v.isBlank() || v.length() > 200)) {
            errors.add(new Problem.FieldError(field, "entries must be 1 to 200 characters"));
        }
    }
}
