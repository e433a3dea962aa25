package io.earshot.sentiment.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass tokenizer. */
class TokenizerTest {
    static final Tokenizer TOKENIZER = new Tokenizer(Lexicon.shared());

    static List<String> tokens(String text) {
        Tokens t = TOKENIZER.tokenize(text);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < t.count; i++) {
            out.add(t.norm(i));
        }
        return out;
    }

    @Test
    void lowerCasesWordsAndKeepsContractions() {
        assertThat(tokens("I DON'T like it, it’s Bad")).containsExactly("i", "don't", "like", "it", "it's", "bad");
    }

    @Test
    void elongationIsCollapsedToAKnownWord() {
        assertThat(tokens("sooooo goooood, I looooove it, yessss")).containsExactly("soo", "good", "i", "love", "it",
                "yes");
        Tokens t = TOKENIZER.tokenize("loooove");
        assertThat(t.flags[0] & Tokenizer.ELONG).isNotZero();
        assertThat(tokens("hahahahaha")).containsExactly("haha");
    }

    @Test
    void capsFlagNeedsTwoLetters() {
        Tokens t = TOKENIZER.tokenize("I HATE this OK");
        assertThat(t.flags[0] & Tokenizer.CAPS).isZero();
        assertThat(t.flags[1] & Tokenizer.CAPS).isNotZero();
        assertThat(t.flags[2] & Tokenizer.CAPS).isZero();
        assertThat(t.anyCaps).isTrue();
        assertThat(t.anyLower).isTrue();
    }

    @Test
    void hashtagsSplitOnCaseAndDictionary() {
        assertThat(tokens("#EpicFail")).containsExactly("epic", "fail");
        assertThat(tokens("#worstserviceever")).containsExactly("worst", "service", "ever");
        assertThat(tokens("#customer_service")).containsExactly("customer", "service");
        assertThat(tokens("#iPhone15")).containsExactly("i", "phone", "15");
        assertThat(tokens("#xqzv")).containsExactly("xqzv");
        assertThat(TOKENIZER.tokenize("#EpicFail").flags[0] & Tokenizer.HASHTAG).isNotZero();
    }

    @Test
    void urlsAndHandlesAreSkipped() {
        assertThat(tokens("@Acme_Help see https://t.co/abc?x=1 and www.acme.com now")).containsExactly("see", "and",
                "now");
    }

    @Test
    void emojiAreTokensAndModifiersAreDropped() {
        assertThat(tokens("ok👍🏽❤️😡")).containsExactly("ok", "👍", "❤", "😡");
        assertThat(tokens("👨‍👩‍👧")).containsExactly("👨", "👩", "👧");
    }

    @Test
    void emoticonsAreTokens() {
        assertThat(tokens("nice :) bad :-( <3 :D")).containsExactly("nice", ":)", "bad", ":-(", "<3", ":D");
        assertThat(tokens("at 10:30 ok")).containsExactly("at", "10", "30", "ok");
        assertThat(tokens("great product /s")).containsExactly("great", "product", "/s");
        assertThat(tokens("and/so")).containsExactly("and", "so");
    }

    @Test
    void numbersStayWhole() {
        Tokens t = TOKENIZER.tokenize("paid 1,000.50 for 3 months");
        assertThat(tokens("paid 1,000.50 for 3 months")).containsExactly("paid", "1,000.50", "for", "3", "months");
        assertThat(t.flags[1] & Tokenizer.NUM).isNotZero();
        assertThat(t.isNumber(3)).isTrue();
    }

    @Test
    void sentencesAndClauses() {
        Tokens t = TOKENIZER.tokenize("Great app. Awful support!! Why?\nNew line, here");
        assertThat(t.sentences).isEqualTo(4);
        assertThat(t.exclamations).isEqualTo(2);
        assertThat(t.questions).isEqualTo(1);
        assertThat(t.flags[1] & Tokenizer.SENT_END).isNotZero();
        assertThat(t.flags[6] & Tokenizer.CLAUSE_END).isNotZero(); // "line,"
        assertThat(t.flags[5] & Tokenizer.CLAUSE_END).isZero();
        String text = "Great app. Awful support!! Why?\nNew line, here";
        assertThat(text.substring(t.sentStart[1], t.sentEnd[1])).isEqualTo("Awful support!!");
        assertThat(text.substring(t.sentStart[3], t.sentEnd[3])).isEqualTo("New line, here");
    }

    @Test
    void quotesAreFlagged() {
        Tokens t = TOKENIZER.tokenize("the \"helpful\" agent");
        assertThat(t.flags[1] & Tokenizer.QUOTE_OPEN).isNotZero();
        assertThat(t.flags[1] & Tokenizer.QUOTE_CLOSE).isNotZero();
        assertThat(t.flags[2] & Tokenizer.QUOTE_OPEN).isZero();
    }

    @Test
    void tokenCountIsCapped() {
        assertThat(TOKENIZER.tokenize("a ".repeat(50_000)).count).isEqualTo(Tokenizer.MAX_TOKENS);
    }

    @Test
    void contractionsEndingInNtAreFlagged() {
        Tokens t = TOKENIZER.tokenize("it shouldn't");
        assertThat(t.flags[1] & Tokenizer.NT).isNotZero();
    }

    /**
     * Hashing and comparing read a token's characters, explanations its String: for every kind of token (a lexicon
     * word, an elongation repaired to one, a laugh read as "haha", an emoji, an emoticon, an HTML-escaped one, hashtag
     * parts, unknown words) they are the same text, and a token the lexicon knows reads as the lexicon's key.
     */
    @Test
    void aTokensCharactersAreItsNormalisedForm() {
        String text = "HAHAHAHA I looooove it 😡 :((( &lt;3 #EpicFail #worstserviceever Zqxv sooooo qwzxxxxx "
                + "supercalifragilisticexpialidocious don't";
        Tokens t = TOKENIZER.tokenize(text);
        assertThat(t.count).isGreaterThan(12);
        for (int i = 0; i < t.count; i++) {
            String norm = t.norm(i);
            StringBuilder chars = new StringBuilder();
            for (int p = 0; p < t.normLength(i); p++) {
                chars.append(t.normChar(i, p));
            }
            assertThat(chars.toString()).as("token %d", i).isEqualTo(norm);
            assertThat(t.normEquals(i, norm.toCharArray())).as(norm).isTrue();
            int fnv = 0x811c9dc5;
            for (char c : norm.toCharArray()) {
                fnv = (fnv ^ c) * 0x01000193;
            }
            assertThat(t.fnv(i, 0x811c9dc5)).as(norm).isEqualTo(fnv);
            if (t.entry[i] != null) {
                assertThat(norm).isEqualTo(t.entry[i].key);
            }
        }
        assertThat(tokens(text)).contains("haha", "love", "😡", ":((", "<3", "epic", "fail", "zqxv");
    }
}
