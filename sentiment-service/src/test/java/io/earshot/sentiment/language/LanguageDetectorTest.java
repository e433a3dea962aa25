package io.earshot.sentiment.language;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.sentiment.language.LanguageDetector.Detection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageDetectorTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "en|Third time this week the internet is down. Terrible service, I want a refund now!",
            "en|I have been waiting for my order for two weeks and nobody answers the phone",
            "en|Love the new app, it's so much faster than the old one",
            "es|El servicio es muy malo, llevo tres días sin internet y nadie me contesta",
            "es|¿Por qué la aplicación no funciona? Estoy muy decepcionado con la atención",
            "fr|Le service est vraiment nul, je veux un remboursement",
            "fr|Je suis très content de la nouvelle application, merci pour tout",
            "de|Der Kundenservice ist eine Katastrophe, ich warte seit zwei Wochen auf eine Antwort",
            "de|Die neue App ist wirklich gut und schnell, danke für die Verbesserung",
            "pt|O atendimento é muito ruim, estou sem internet há três dias e ninguém responde",
            "pt|Não consigo acessar minha conta, vocês podem ajudar com isso?",
            "it|Il servizio clienti è pessimo, sono senza internet da tre giorni e nessuno risponde",
            "it|Questa applicazione non funziona più, ho perso tutti i miei dati",
            "nl|De klantenservice is echt slecht, ik wacht al twee weken op een antwoord",
            "nl|Ik heb geen internet en niemand neemt de telefoon op, dit is niet normaal"
    })
    void recognisesEachLanguage(String expected, String text) {
        Detection d = LanguageDetector.detect(text);
        assertThat(d.lang()).as(text).isEqualTo(expected);
        assertThat(d.determined()).isTrue();
        assertThat(d.confidence()).isBetween(0.0, 1.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ok", "thanks!", "merci beaucoup", "😡😡😡🔥🔥", "👍", "#fail #acme", "!!! ??? ...",
            "@acme https://example.com/a/very/long/link/that/has/many/letters/in/it"})
    void shortEmojiOrLinkOnlyTextsAreUndetermined(String text) {
        assertThat(LanguageDetector.detect(text)).isEqualTo(Detection.UNDETERMINED);
    }

    @Test
    void nullIsUndetermined() {
        assertThat(LanguageDetector.detect(null).determined()).isFalse();
    }

    @Test
    void textsWithoutFunctionWordsAreUndeterminedNotGuessed() {
        // Product names and numbers only: no language clearly wins.
        assertThat(LanguageDetector.detect("iPhone Galaxy Pixel Xperia Nokia Motorola 2024").determined()).isFalse();
    }

    @Test
    void handlesAndHashtagsDoNotVote() {
        // The words around are English; the French-looking handle and hashtag must not tip it.
        assertThat(LanguageDetector.detect("@le_service_est_nul #cestlavie the app is down and I want my money back")
                .lang())
                .isEqualTo("en");
    }

    @Test
    void onlyTheStartOfAHugeTextIsRead() {
        String huge = "the service is down and I want a refund ".repeat(10_000);
        assertThat(LanguageDetector.detect(huge).lang()).isEqualTo("en");
    }
}
