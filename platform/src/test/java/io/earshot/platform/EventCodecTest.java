package io.earshot.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.contracts.Ids;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Confidence;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.ErasureRequest;
import io.earshot.contracts.events.Event;
import io.earshot.contracts.events.Explanation;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.contracts.events.SourceHealth;
import io.earshot.contracts.events.ThreadRef;
import io.earshot.contracts.events.Zone;
import io.earshot.platform.privacy.Subjects;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {
    static final Instant T = Instant.parse("2026-11-20T10:15:30Z");

    static Mention mention() {
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("mastodon", "109"), "mastodon", "109",
                "https://mastodon.example/@ann/109", "acme", List.of("acme", "refund"),
                new Author("42", "@ann", "Ann \"the\" Customer ✨", 1200L, true, T.minusSeconds(86400)),
                "Still no refund from @acme 😡 mail me at [EMAIL]", "en", T, T.plusSeconds(5),
                new ThreadRef("100", "105"), new Pii(true, List.of("email")));
    }

    static Stream<Event> events() {
        Mention m = mention();
        Scores s = new Scores(-0.73, SentimentLabel.negative, new Emotions(0.8, 0, 0.1, 0.2, 0, 0), 0.6,
                new Distress(DistressKind.legal, 0.7), 0.1, List.of("billing"),
                List.of(new Explanation("sentiment", "😡", -2.5)));
        return Stream.of(m,
                new ScoredMention(ScoredMention.SCHEMA_VERSION, m, s, "lexicon-0.1", T),
                new ScoredMention(ScoredMention.SCHEMA_VERSION, m, s, "lexicon-0.2", T, new Confidence(0.42, 0.5, 0.75,
                        0.6, 1.0)),
                new SourceHealth(SourceHealth.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(), "rss", "acme",
                        SourceHealth.State.SILENT, SourceHealth.Reason.QUIET, T, T, Duration.ofMinutes(12), 0, null, T),
                new InsightCandidate(InsightCandidate.SCHEMA_VERSION, Ids.candidateId(m.id(), "PAINS", "refund"),
                        "acme",
                        "default", Zone.PAINS, "Still no refund", "refund", List.of(m.id()), 1, T, T),
                new CrisisAlert(CrisisAlert.SCHEMA_VERSION, UUID.randomUUID(), "acme", "outage", Duration.ofMinutes(5),
                        420, 35.5, 0.81, 7.2, CrisisAlert.Severity.HIGH, List.of(m.id()), CrisisAlert.State.OPEN, T),
                new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(),
                        new ErasureRequest.Subject("mastodon", "42", "@ann"), "admin-1", T),
                new ErasureRequest(ErasureRequest.SCHEMA_VERSION, UUID.randomUUID(), new ErasureRequest.Subject(
                        "reddit", null, null),
                        "source-deletion", T, List.of(new ErasureRequest.MentionRef(Ids.mentionId("reddit", "t3_x"),
                                "t3_x"))));
    }

    /**
     * 1.1 may name single mentions: such a request is valid without an author, tombstones by mention, and a 1.0
     * request (no mentions) still reads as a whole-subject one; a named mention without an id is refused.
     */
    @Test
    void anErasureRequestMayNameSingleMentionsAndA10RequestStillReads() {
        UUID mention = Ids.mentionId("reddit", "t3_x");
        ErasureRequest scoped = io.earshot.platform.privacy.Subjects.validate(EventCodec.decode("""
                {"schemaVersion":"1.1","id":"%s","subject":{"source":"reddit"},"requestedBy":"source-deletion",
                 "mentions":[{"id":"%s","externalId":"t3_x"}]}""".formatted(UUID.randomUUID(), mention),
                ErasureRequest.class));
        assertThat(scoped.mentionScoped()).isTrue();
        assertThat(io.earshot.platform.privacy.Tombstones.hashes(scoped))
                .containsExactly(io.earshot.platform.privacy.Subjects.sha256("mention:" + mention));
        Mention m = new Mention(Mention.SCHEMA_VERSION, mention, "reddit", "t3_x", null, "acme", List.of(), null,
                "gone",
                "en", T, T, null, null);
        assertThat(io.earshot.platform.privacy.Tombstones.erased(m, java.util.Map.of(
                io.earshot.platform.privacy.Subjects.sha256("mention:" + mention), T))).isTrue();
        ErasureRequest old = EventCodec.decode("""
                {"schemaVersion":"1.0","id":"%s","subject":{"source":"mastodon","authorId":"42"},"requestedBy":"dpo"}"""
                .formatted(UUID.randomUUID()), ErasureRequest.class);
        assertThat(old.mentionScoped()).isFalse();
        assertThat(old.mentionIds()).isEmpty();
        assertThatThrownBy(() -> io.earshot.platform.privacy.Subjects.validate(EventCodec.decode("""
                {"schemaVersion":"1.1","id":"%s","subject":{"source":"reddit"},"mentions":[{"externalId":"t3_x"}]}"""
                .formatted(UUID.randomUUID()), ErasureRequest.class)))
                .isInstanceOf(io.earshot.contracts.codec.InvalidEventException.class).hasMessageContaining(
                        "mention needs an id");
    }

    @ParameterizedTest
    @MethodSource("events")
    void everyEventSurvivesARoundTrip(Event event) {
        String json = EventCodec.encode(event);
        assertThat(json).containsPattern("\"schemaVersion\":\"1\\.[0-9]+\"");
        assertThat(EventCodec.decode(json, event.getClass())).isEqualTo(event);
    }

    @Test
    void aCrisisAlertsExplanationSurvivesARoundTripAndA11AlertStillDecodes() {
        CrisisAlert a = new CrisisAlert(CrisisAlert.SCHEMA_VERSION, UUID.randomUUID(), "acme", null, Duration.ofMinutes(
                5),
                80, 12.5, 0.6, 9.1, CrisisAlert.Severity.MEDIUM, List.of(), CrisisAlert.State.OPEN, T)
                .withContext(30, 41, 0.2, CrisisAlert.Spread.SYSTEMIC, 22.0, java.util.Map.of("reddit", 1.0), List.of(
                        "anger"))
                .withExplanation(new CrisisAlert.Significance(80, 12.5, 7.4, 9.1, 3.2, 9.1, 4.6e-20, "volume"),
                        List.of(new CrisisAlert.Driver("refund", 12, 0.4)), List.of(new CrisisAlert.Driver("reddit:a",
                                3, 0.04)),
                        List.of(new CrisisAlert.Driver("reddit", 80, 1.0)),
                        new io.earshot.contracts.events.RiskScore(380.0, List.of(
                                new io.earshot.contracts.events.RiskScore.Factor("negativity", 0.6, 1.0,
                                        "60% negative")), "100 x ..."));
        assertThat(a.schemaVersion()).isEqualTo("1.2");
        CrisisAlert back = EventCodec.decode(EventCodec.encode(a), CrisisAlert.class);
        assertThat(back).isEqualTo(a);
        assertThat(back.significance().pValue()).isEqualTo(4.6e-20);
        assertThat(back.risk().factors()).extracting(io.earshot.contracts.events.RiskScore.Factor::name)
                .containsExactly("negativity");
        // A 1.1 producer does not know the explanation fields: absent, they decode as null.
        String v11 = EventCodec.encode(new CrisisAlert("1.1", a.id(), "acme", null, Duration.ofMinutes(5), 80, 12.5,
                0.6,
                9.1, CrisisAlert.Severity.MEDIUM, List.of(), CrisisAlert.State.OPEN, T, 30L, 41, 0.2,
                CrisisAlert.Spread.SYSTEMIC, 22.0, java.util.Map.of("reddit", 1.0), List.of("anger")))
                .replaceAll(",\"[a-zA-Z]+\":null", "");
        assertThat(v11).doesNotContain("significance").doesNotContain("risk");
        CrisisAlert old = EventCodec.decode(v11, CrisisAlert.class);
        assertThat(old.schemaVersion()).isEqualTo("1.1");
        assertThat(old.spread()).isEqualTo(CrisisAlert.Spread.SYSTEMIC);
        assertThat(old.significance()).isNull();
        assertThat(old.risk()).isNull();
    }

    @Test
    void aCrisisAlertsContextSurvivesARoundTripAndA10AlertStillDecodes() {
        CrisisAlert a = new CrisisAlert(CrisisAlert.SCHEMA_VERSION, UUID.randomUUID(), "acme", null, Duration.ofMinutes(
                5),
                80, 12.5, 0.6, 9.1, CrisisAlert.Severity.MEDIUM, List.of(), CrisisAlert.State.OPEN, T)
                .withContext(30, 41, 0.2, CrisisAlert.Spread.SYSTEMIC, 22.0, java.util.Map.of("reddit", 1.0), List.of(
                        "anger"));
        assertThat(EventCodec.decode(EventCodec.encode(a), CrisisAlert.class)).isEqualTo(a);
        String old = EventCodec.encode(new CrisisAlert("1.0", a.id(), "acme", null, Duration.ofMinutes(5), 80, 12.5,
                0.6,
                9.1, CrisisAlert.Severity.MEDIUM, List.of(), CrisisAlert.State.OPEN, T)).replaceAll(
                        ",\"[a-zA-Z]+\":null", "");
        assertThat(old).doesNotContain("spread");
        assertThat(EventCodec.decode(old, CrisisAlert.class).spread()).isNull();
    }

    @Test
    void aVersion10ScoredMentionWithoutConfidenceStillDecodesAndA11OneCarriesIt() {
        Scores s = new Scores(0.5, SentimentLabel.positive, null, 0, null, 0, List.of(), List.of());
        ScoredMention v11 = new ScoredMention(ScoredMention.SCHEMA_VERSION, mention(), s, "lexicon-0.2", T,
                new Confidence(0.9, 1.0, 0.75, 1.0, 1.0));
        assertThat(ScoredMention.SCHEMA_VERSION).isEqualTo("1.2"); // 1.2 added the optional sealedExplanation
        assertThat(EventCodec.encode(v11)).contains("\"confidence\":{\"value\":0.9");
        String old = EventCodec.encode(new ScoredMention("1.0", mention(), s, "lexicon-0.1", T)).replace(
                ",\"confidence\":null", "");
        assertThat(old).doesNotContain("\"confidence\":null").doesNotContain("irony");
        ScoredMention decoded = EventCodec.decode(old, ScoredMention.class);
        assertThat(decoded.confidence()).isNull();
        assertThat(decoded.scores()).isEqualTo(s);
    }

    @Test
    void aPossibleDistressSignalSurvivesARoundTripAndASureOneLooksAsBefore() {
        Scores possible = new Scores(-0.4, SentimentLabel.negative, null, 0.4,
                new Distress(DistressKind.self_harm, 0.45, true), 0, List.of(), List.of());
        ScoredMention m = new ScoredMention(ScoredMention.SCHEMA_VERSION, mention(), possible, "lexicon-0.2", T);
        String json = EventCodec.encode(m);
        assertThat(json).contains("\"distress\":{\"kind\":\"self_harm\",\"confidence\":0.45,\"possible\":true}");
        Distress back = EventCodec.decode(json, ScoredMention.class).scores().distress();
        assertThat(back.tentative()).isTrue();
        assertThat(back.present()).isTrue();

        Scores sure = new Scores(-0.4, SentimentLabel.negative, null, 0.4, new Distress(DistressKind.safety, 0.9,
                false),
                0, List.of(), List.of());
        String sureJson = EventCodec.encode(new ScoredMention(ScoredMention.SCHEMA_VERSION, mention(), sure, "x", T));
        assertThat(sureJson).contains("\"distress\":{\"kind\":\"safety\",\"confidence\":0.9}");
        Distress decoded = EventCodec.decode(sureJson, ScoredMention.class).scores().distress();
        assertThat(decoded.tentative()).isFalse();
        assertThat(decoded).isEqualTo(new Distress(DistressKind.safety, 0.9));
        assertThat(Distress.NONE.tentative()).isFalse();
    }

    @Test
    void aMentionsNearDuplicateInformationSurvivesARoundTrip() {
        Mention m = mention().withNearDuplicate(new NearDuplicate("00ff00ff00ff00ff", Ids.mentionId("mastodon", "1"),
                3));
        assertThat(EventCodec.decode(EventCodec.encode(m), Mention.class)).isEqualTo(m);
        assertThat(EventCodec.encode(m)).contains("\"clusterSize\":3");
    }

    @Test
    void aVersion10MentionWithoutNearDuplicateInformationStillDecodes() {
        String json = EventCodec.encode(mention()).replace("\"schemaVersion\":\"" + Mention.SCHEMA_VERSION + "\"",
                "\"schemaVersion\":\"1.0\"").replace(",\"nearDuplicate\":null", "");
        assertThat(json).doesNotContain("nearDuplicate");
        Mention decoded = EventCodec.decode(json, Mention.class);
        assertThat(decoded.nearDuplicate()).isNull();
        assertThat(decoded.id()).isEqualTo(mention().id());
    }

    @Test
    void timestampsAreIsoStrings() {
        assertThat(EventCodec.encode(mention())).contains("\"createdAt\":\"2026-11-20T10:15:30Z\"");
    }

    @Test
    void aNewerMinorVersionWithUnknownFieldsIsAccepted() {
        String json = EventCodec.encode(mention()).replace("\"schemaVersion\":\"" + Mention.SCHEMA_VERSION + "\"",
                "\"schemaVersion\":\"1.7\",\"futureField\":{\"x\":1}");
        assertThat(json).contains("1.7");
        assertThat(EventCodec.decode(json, Mention.class).id()).isEqualTo(mention().id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.0", "0.9", "11"})
    void anotherMajorVersionIsRejected(String version) {
        String json = EventCodec.encode(mention()).replace("\"" + Mention.SCHEMA_VERSION + "\"", "\"" + version + "\"");
        assertThat(json).contains("\"" + version + "\"");
        assertThatThrownBy(() -> EventCodec.decode(json, Mention.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unsupported schema major version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "[1,2]", "\"text\"", "{\"id\":\"x\"}", "{\"schemaVersion\":1}",
            "{\"schemaVersion\":\"abc\"}", "{\"schemaVersion\":\"1.0\",\"id\":\"not-a-uuid\"}",
            "{\"schemaVersion\":\"1.0\"} trailing"})
    void malformedPayloadsAreRejectedWithAReason(String payload) {
        assertThatThrownBy(() -> EventCodec.decode(payload, Mention.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageNotContaining("\tat ");
    }

    /** The one-pass read refuses a number where a string belongs; the tree path then reads it as it always did. */
    @Test
    void aNumberWhereAStringBelongsIsStillReadButANumericVersionIsNoVersion() {
        String json = EventCodec.encode(mention()).replace("\"id\":\"42\"", "\"id\":42");
        assertThat(json).contains("\"id\":42");
        assertThat(EventCodec.decode(json, Mention.class).author().id()).isEqualTo("42");
        assertThatThrownBy(() -> EventCodec.decode("{\"schemaVersion\":1,\"source\":\"rss\"}", Mention.class))
                .isInstanceOf(InvalidEventException.class).hasMessage("Mention has no schemaVersion");
        assertThatThrownBy(() -> EventCodec.decode("{\"schemaVersion\":null,\"source\":\"rss\"}", Mention.class))
                .isInstanceOf(InvalidEventException.class).hasMessage("Mention has no schemaVersion");
        assertThatThrownBy(() -> EventCodec.decode(EventCodec.encode(mention()).replace("\"" + Mention.SCHEMA_VERSION
                + "\"", "\"2.0\""),
                Mention.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("unsupported schema major version 2 of Mention (supported: 1)");
    }

    @Test
    void missingCollectionsDefaultToEmpty() {
        Mention m = EventCodec.decode("{\"schemaVersion\":\"1.0\",\"source\":\"rss\",\"externalId\":\"a\"}",
                Mention.class);
        assertThat(m.matchedTerms()).isEmpty();
        assertThat(m.pii()).isEqualTo(Pii.NONE);
        assertThat(m.thread()).isEqualTo(ThreadRef.NONE);
    }

    @Test
    void kafkaKeyKeepsOneAuthorsMentionsTogetherWithoutNamingThem() {
        assertThat(mention().kafkaKey()).isEqualTo(Ids.sha256("mastodon:42"))
                .as("the erasure tombstone's hash of the author").isEqualTo(Subjects.sha256(Subjects.author("Mastodon",
                        "42")))
                .hasSize(64);
    }

    @Test
    void aConversationTurnKeepsItsReferenceAndOtherMentionsLeaveItOut() {
        Mention turn = mention().withConversation(new io.earshot.contracts.events.ConversationRef("conv-1", "t2",
                io.earshot.contracts.events.ConversationRef.Speaker.bot, "web"));
        Mention back = EventCodec.decode(EventCodec.encode(turn), Mention.class);
        assertThat(back.conversation()).isEqualTo(turn.conversation());
        assertThat(back.fromBot()).isTrue();
        assertThat(EventCodec.encode(mention())).doesNotContain("conversation");
        assertThat(mention().fromBot()).isFalse();
    }
}
