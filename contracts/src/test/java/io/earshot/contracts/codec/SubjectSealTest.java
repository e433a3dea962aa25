package io.earshot.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.contracts.Ids;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.NearDuplicate;
import io.earshot.contracts.events.Pii;
import io.earshot.contracts.events.ThreadRef;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubjectSealTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    static Mention mention() {
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId("mastodon", "109@ann"), "mastodon", "109@ann",
                "https://mastodon.example/@ann/109", "acme", List.of("acme"),
                new Author("ann-42", "@ann", "Ann Example", 1200L, true, T.minusSeconds(86400)),
                "Still no refund from @acme, mail me at [EMAIL]", "en", T, T.plusSeconds(5),
                new ThreadRef("100@ann", "105@ann"), new Pii(true, List.of("email")),
                new NearDuplicate("00ff00ff00ff00ff", UUID.randomUUID(), 3));
    }

    @Test
    void aSealedMentionNamesNoOneInClearAndOpensToTheSameMentionWithItsSubjectsKey() {
        byte[] key = SubjectSeal.newKey();
        Mention clear = mention();
        Mention sealed = clear.seal(key);
        String wire = EventCodec.encode(sealed);

        assertThat(wire).doesNotContainIgnoringCase("ann").doesNotContain("refund").doesNotContain("mastodon.example")
                .contains("\"sealed\"").contains(clear.id().toString()).contains("\"brand\":\"acme\"");
        Mention decoded = EventCodec.decode(wire, Mention.class);
        assertThat(decoded.hasSealedPart()).isTrue();
        assertThat(decoded.kafkaKey()).as("same key sealed or not").isEqualTo(clear.kafkaKey())
                .isEqualTo(Ids.sha256("mastodon:ann-42"));
        assertThat(decoded.author().followers()).as("reach stays in clear").isEqualTo(1200L);
        assertThat(decoded.open(key)).isEqualTo(clear);
        assertThat(clear.open(key)).as("a mention in clear opens as is").isSameAs(clear);
        assertThat(sealed.seal(key)).as("sealed once").isSameAs(sealed);
    }

    @Test
    void withoutItsKeyASealedMentionDoesNotOpen() {
        Mention sealed = mention().seal(SubjectSeal.newKey());
        assertThatThrownBy(() -> sealed.open(SubjectSeal.newKey())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sealed.open(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSealedPartOpensOnlyForItsSubjectAndRecord() {
        byte[] key = SubjectSeal.newKey();
        String part = SubjectSeal.seal(key, "subject-a", "record-1", "{\"text\":\"hello\"}");
        assertThat(part).startsWith("s1.").doesNotContain("hello");
        assertThat(SubjectSeal.open(key, "subject-a", "record-1", part)).isEqualTo("{\"text\":\"hello\"}");
        assertThat(SubjectSeal.seal(key, "subject-a", "record-1", "{\"text\":\"hello\"}")).as("fresh nonce")
                .isNotEqualTo(part);
        assertThatThrownBy(() -> SubjectSeal.open(key, "subject-b", "record-1", part))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectSeal.open(key, "subject-a", "record-2", part))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectSeal.open(key, "subject-a", "record-1", "s1." + part.substring(4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SubjectSeal.open(key, "subject-a", "record-1", "plain"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSealedMentionMovedToAnotherRecordDoesNotOpen() {
        byte[] key = SubjectSeal.newKey();
        Mention sealed = mention().seal(key);
        Mention moved = new Mention(sealed.schemaVersion(), UUID.randomUUID(), sealed.source(), null, null, sealed
                .brand(), sealed.matchedTerms(), sealed.author(), null, sealed.lang(), sealed.createdAt(), sealed
                        .fetchedAt(), null, sealed.pii(), sealed.nearDuplicate(), null, sealed.sealed());
        assertThatThrownBy(() -> moved.open(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPlainMentionOfTheEarlierMinorVersionsStillDecodes() {
        Mention plain = EventCodec.decode("{\"schemaVersion\":\"1.2\",\"source\":\"rss\",\"externalId\":\"a\","
                + "\"author\":{\"id\":\"x\",\"verified\":false},\"text\":\"hi\"}", Mention.class);
        assertThat(plain.hasSealedPart()).isFalse();
        assertThat(plain.text()).isEqualTo("hi");
        assertThat(plain.kafkaKey()).isEqualTo(Ids.sha256("rss:x"));
    }
}
