package io.earshot.contracts.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimHashTest {
    private static final String CAMPAIGN = "Acme just leaked every customer's password, delete your account today before it is too late";

    @Test
    void aRepostWithAnotherHandleLinkAndPunctuationIsANearDuplicate() {
        long a = SimHash.fingerprint("@bot1 " + CAMPAIGN + "!!! https://evil.example/x?utm=1");
        long b = SimHash.fingerprint("@bot2 " + CAMPAIGN.toUpperCase() + ". https://evil.example/y?utm=2");
        assertThat(SimHash.distance(a, b)).isLessThanOrEqualTo(SimHash.NEAR_DUPLICATE_BITS);
        assertThat(SimHash.nearDuplicates(a, b)).isTrue();
    }

    @Test
    void aOneWordEditInALongTextStaysClose() {
        long a = SimHash.fingerprint(CAMPAIGN);
        long b = SimHash.fingerprint(CAMPAIGN.replace("today", "now"));
        assertThat(SimHash.distance(a, b)).isLessThan(SimHash.distance(a, SimHash.fingerprint(
                "I love the new Acme app, the dark mode is gorgeous and support answered me within minutes")));
    }

    @Test
    void unrelatedTextsAreFarApart() {
        long a = SimHash.fingerprint(CAMPAIGN);
        long b = SimHash.fingerprint("Waited forty minutes on hold with Acme support and nobody picked up the phone");
        assertThat(SimHash.nearDuplicates(a, b)).isFalse();
        assertThat(SimHash.distance(a, b)).isGreaterThan(10);
    }

    @Test
    void tooShortTextsHaveNoFingerprintAndAreNeverNearDuplicates() {
        assertThat(SimHash.fingerprint("acme down")).isZero();
        assertThat(SimHash.fingerprint(null)).isZero();
        assertThat(SimHash.nearDuplicates(0L, 0L)).isFalse();
    }

    @Test
    void deterministicAndHexRoundTrips() {
        long a = SimHash.fingerprint(CAMPAIGN);
        assertThat(SimHash.fingerprint(CAMPAIGN)).isEqualTo(a);
        assertThat(SimHash.hex(a)).hasSize(16);
        assertThat(SimHash.parseHex(SimHash.hex(a))).isEqualTo(a);
    }

    @Test
    void nearDuplicatesShareABand() {
        long a = SimHash.fingerprint(CAMPAIGN);
        long b = a ^ 0b1011L << 20; // three bits flipped
        int[] ba = SimHash.bands(a);
        int[] bb = SimHash.bands(b);
        int shared = 0;
        for (int i = 0; i < 4; i++) {
            shared += ba[i] == bb[i] ? 1 : 0;
        }
        assertThat(shared).isGreaterThanOrEqualTo(1);
        assertThat(SimHash.nearDuplicates(a, b)).isTrue();
    }

    @Test
    void accentsAndCaseAreFolded() {
        assertThat(SimHash.normalisedWords("Café CRÈME brûlée, s'il vous plaît"))
                .containsExactly("cafe", "creme", "brulee", "s", "il", "vous", "plait");
    }
}
