package io.earshot.listener.pii;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiRedactorTest {
    final PiiRedactor redactor = new PiiRedactor();

    @Test
    void emailsAreRedacted() {
        PiiRedactor.Result r = redactor.redact("write to jane.doe+acme@mail.example.co.uk please");
        assertThat(r.text()).isEqualTo("write to [EMAIL] please");
        assertThat(r.kinds()).containsExactly("email");
    }

    @Test
    void luhnValidCardNumbersAreRedactedInAnyGrouping() {
        assertThat(redactor.redact("card 4111 1111 1111 1111 was charged").text()).isEqualTo("card [CARD] was charged");
        assertThat(redactor.redact("card 4111-1111-1111-1111").text()).isEqualTo("card [CARD]");
        assertThat(redactor.redact("5500005555555559").kinds()).containsExactly("card");
    }

    @Test
    void digitRunsFailingLuhnAreNotCards() {
        PiiRedactor.Result r = redactor.redact("order 4111111111111112 is late");
        assertThat(r.kinds()).doesNotContain("card");
        assertThat(r.text()).contains("4111111111111112");
    }

    @Test
    void ibansWithAValidChecksumAreRedacted() {
        assertThat(redactor.redact("refund to GB82 WEST 1234 5698 7654 32 asap").text()).isEqualTo(
                "refund to [IBAN] asap");
        assertThat(redactor.redact("DE89370400440532013000").kinds()).containsExactly("iban");
        assertThat(redactor.redact("GB00 WEST 1234 5698 7654 32").kinds()).doesNotContain("iban");
    }

    @ParameterizedTest
    @ValueSource(strings = {"call me on +44 20 7946 0958", "my number is (555) 123-4567", "ring 555.123.4567 tonight",
            "+1-202-555-0143"})
    void phoneNumbersAreRedacted(String text) {
        PiiRedactor.Result r = redactor.redact(text);
        assertThat(r.kinds()).containsExactly("phone");
        assertThat(r.text()).contains("[PHONE]").doesNotContainPattern("\\d{4}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order #123456789 still not here", "on 2026-11-20 it broke", "since 20.11.2026",
            "updated to 3.12.1 and it crashes", "ticket 88812345", "paid 1,299.00 for this", "v10.2.3.4 is broken",
            "it took 45 minutes"})
    void ordersDatesVersionsAndAmountsAreNotPhoneNumbers(String text) {
        PiiRedactor.Result r = redactor.redact(text);
        assertThat(r.kinds()).isEmpty();
        assertThat(r.text()).isEqualTo(text);
    }

    @Test
    void severalKindsAreReportedOnce() {
        PiiRedactor.Result r = redactor.redact("a@b.io and c@d.io, call +33 1 23 45 67 89");
        assertThat(r.kinds()).containsExactly("email", "phone");
        assertThat(r.text()).isEqualTo("[EMAIL] and [EMAIL], call [PHONE]");
    }

    @Test
    void emptyAndNullAreLeftAlone() {
        assertThat(redactor.redact(null).redacted()).isFalse();
        assertThat(redactor.redact("").text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ruf an unter (030) 901820", "Tel. +49 30 901820", "call 020 7946 0958 after six",
            "my mobile is +31 6 12345678"})
    void phoneNumbersLibphonenumberKnowsAreRedacted(String text) {
        PiiRedactor.Result r = redactor.redact(text);
        assertThat(r.kinds()).containsExactly("phone");
        assertThat(r.text()).contains("[PHONE]").doesNotContainPattern("\\d{4}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"I live at 123 Main Street and nobody came",
            "send it to 221B Baker Street, London NW1 6XE please",
            "ship to 1600 Pennsylvania Avenue, Washington, DC 20500 asap", "found them at 12 elm street yesterday",
            "Meine Adresse: Hauptstraße 5, 10115 Berlin", "wohne Berliner Allee 12a seit Jahren",
            "c'est au 10 rue de la Paix, 75002 Paris",
            "write to PO Box 1234", "P.O. Box 77 is mine", "Postfach 12 34 bitte"})
    void streetAddressesAndPoBoxesAreRedacted(String text) {
        PiiRedactor.Result r = redactor.redact(text);
        assertThat(r.kinds()).containsExactly("address");
        assertThat(r.text()).contains("[ADDRESS]").doesNotContainPattern("\\d");
    }

    @Test
    void theAddressIsReplacedWholeAndTheRestKept() {
        assertThat(redactor.redact("I live at 123 Main Street, Springfield, IL 62704 and the box is broken").text())
                .isEqualTo("I live at [ADDRESS] and the box is broken");
        assertThat(redactor.redact("Meine Adresse: Hauptstraße 5, 10115 Berlin.").text()).isEqualTo(
                "Meine Adresse: [ADDRESS].");
        assertThat(redactor.redact("c'est au 10 rue de la Paix").text()).isEqualTo("c'est au [ADDRESS]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 main reasons to cancel", "version 2 street fighter is out",
            "I have 2 kids on elm street",
            "top 10 Road Trips of the year", "we waited 5 days for a refund", "Platz 2 in the ranking",
            "rue 3 is not a street",
            "the 3 Musketeers", "box 12 arrived broken", "chapter 11 drive-through"})
    void ordinaryNumbersBeforeWordsAreNotAddresses(String text) {
        PiiRedactor.Result r = redactor.redact(text);
        assertThat(r.kinds()).doesNotContain("address");
        assertThat(r.text()).isEqualTo(text);
    }

    /**
     * Posts whose digits come in short or unformatted runs skip libphonenumber's scans: for each, libphonenumber itself
     * (every region, the leniency the redactor uses) finds no formatted number, so skipping it changes nothing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"won 3-2 on 12 May 2016 at 7:45, 88 fans", "order#123456789", "ticket:88812345!",
            "paid 1,299.00 for this", "it took 45 minutes and 30 seconds, 2x 150ml",
            "RT @user123456: 10/10 would buy again (2016)", "scores 12 34 5"})
    void postsWithoutAFormattedRunOfSixDigitsAreSparedTheScanAndHoldNoNumberToRedact(String text) {
        assertThat(PiiRedactor.hasFormattedRun(text)).isFalse();
        for (String region : PiiRedactor.DEFAULT_REGIONS) {
            for (PhoneNumberMatch m : PhoneNumberUtil.getInstance().findNumbers(text, region,
                    PhoneNumberUtil.Leniency.VALID,
                    Long.MAX_VALUE)) {
                String raw = m.rawString();
                assertThat(raw.startsWith("+") || raw.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.'
                        || c == '('))
                        .as("%s finds %s in %s", region, raw, text).isFalse();
            }
        }
        assertThat(redactor.redact(text).kinds()).doesNotContain("phone");
    }

    @ParameterizedTest
    @ValueSource(strings = {"call me on +44 20 7946 0958", "ruf an unter (030) 901820", "ring 555.123.4567 tonight",
            "my mobile is +31 6 12345678", "+1-202-555-0143",
            "\uFF0B\uFF14\uFF14 \uFF12\uFF10 \uFF17\uFF19\uFF14\uFF16 0958"})
    void numbersInAFormattedRunAreStillScanned(String text) {
        assertThat(PiiRedactor.hasFormattedRun(text)).isTrue();
    }
}
