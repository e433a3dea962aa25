package io.earshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.SubjectSeal;
import java.time.Instant;
import java.util.List;

/**
 * A mention with its scores, published by the sentiment service on {@code mentions.scored}; same key as the mention.
 *
 * <p>Schema 1.1 added {@code confidence} (optional: absent or null in 1.0 events), how far the scorer trusts the
 * scores. Schema 1.2 added {@code sealedExplanation} (optional): on a sealed record ({@link #seal}) the mention is
 * sealed and the explanation's causes, which quote the text, are sealed under the same key and absent in clear.
 */
public record ScoredMention(String schemaVersion, Mention mention, Scores scores, String modelVersion, Instant scoredAt,
        Confidence confidence, @JsonInclude(JsonInclude.Include.NON_NULL) String sealedExplanation) implements Event {

    /** 1.1 added the optional {@code confidence}, 1.2 the optional {@code sealedExplanation}. */
    public static final String SCHEMA_VERSION = "1.2";
    private static final TypeReference<List<Explanation>> EXPLANATION = new TypeReference<>() {};

    /** A scored mention in clear (schema 1.1 fields). */
    public ScoredMention(String schemaVersion, Mention mention, Scores scores, String modelVersion, Instant scoredAt,
            Confidence confidence) {
        this(schemaVersion, mention, scores, modelVersion, scoredAt, confidence, null);
    }

    /** A scored mention without a confidence (schema 1.0 fields only). */
    public ScoredMention(String schemaVersion, Mention mention, Scores scores, String modelVersion, Instant scoredAt) {
        this(schemaVersion, mention, scores, modelVersion, scoredAt, null);
    }

    /** The subject hash a sealed record is sealed for; null when the record is in clear. */
    public String sealedSubject() {
        return mention != null && mention.hasSealedPart() ? mention.sealed().subject() : null;
    }

    /**
     * This record sealed under its author's {@code key}: the mention ({@link Mention#seal}) and the explanation's
     * causes (bound to the mention's id), absent in clear; the scores' figures and topics stay. Already sealed: as is.
     */
    public ScoredMention seal(byte[] key) {
        if (mention == null || mention.hasSealedPart()) {
            return this;
        }
        Mention sealed = mention.seal(key);
        if (scores == null || scores.explanation().isEmpty()) {
            return new ScoredMention(schemaVersion, sealed, scores, modelVersion, scoredAt, confidence, null);
        }
        String part;
        try {
            part = SubjectSeal.seal(key, sealed.sealed().subject(), explanationRecord(), EventCodec.mapper()
                    .writeValueAsString(scores.explanation()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the explanation of mention " + mention.id(), e);
        }
        return new ScoredMention(schemaVersion, sealed, withExplanation(scores, List.of()), modelVersion, scoredAt,
                confidence, part);
    }

    /** This record in clear, opened with its author's {@code key}; IllegalArgumentException when it does not open. */
    public ScoredMention open(byte[] key) {
        if (sealedSubject() == null) {
            return this;
        }
        Mention clear = mention.open(key);
        if (sealedExplanation == null) {
            return new ScoredMention(schemaVersion, clear, scores, modelVersion, scoredAt, confidence, null);
        }
        List<Explanation> explanation;
        try {
            explanation = EventCodec.mapper().readValue(SubjectSeal.open(key, mention.sealed().subject(),
                    explanationRecord(), sealedExplanation), EXPLANATION);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the sealed explanation of mention " + mention.id() + " is not one");
        }
        return new ScoredMention(schemaVersion, clear, withExplanation(scores, explanation), modelVersion, scoredAt,
                confidence, null);
    }

    private String explanationRecord() {
        return mention.id() + ":explanation";
    }

    private static Scores withExplanation(Scores s, List<Explanation> explanation) {
        return new Scores(s.sentiment(), s.label(), s.emotions(), s.urgency(), s.distress(), s.sarcasm(), s.topics(),
                explanation);
    }
}
