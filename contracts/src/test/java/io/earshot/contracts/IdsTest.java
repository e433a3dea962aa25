package io.earshot.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void mentionIdsAreVersion5AndStable() {
        UUID a = Ids.mentionId("reddit", "t3_abc");
        assertThat(a.version()).isEqualTo(5);
        assertThat(a.variant()).isEqualTo(2);
        assertThat(Ids.mentionId("reddit", "t3_abc")).isEqualTo(a);
        assertThat(Ids.mentionId("reddit", "t3_abd")).isNotEqualTo(a);
        assertThat(Ids.mentionId("hackernews", "t3_abc")).isNotEqualTo(a);
    }

    @Test
    void sourceAndExternalIdCannotBeShiftedIntoEachOther() {
        assertThat(Ids.mentionId("ab", "c")).isNotEqualTo(Ids.mentionId("a", "bc"));
    }

    @Test
    void matchesTheRfcExampleForTheDnsNamespace() {
        // RFC 9562 appendix A.4: UUIDv5 of "www.example.com" in the DNS namespace.
        UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(Ids.v5(dns, "www.example.com")).hasToString("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    }
}
