package io.earshot.sentiment.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.sentiment.topics.TopicMatcher.Match;
import io.earshot.sentiment.topics.TopicMatcher.Topic;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicMatcherTest {
    static final TopicMatcher ACME = TopicMatcher.compile(List.of(
            new Topic("Billing", List.of("refund", "invoice", "\"double charged\"", "charged twice")),
            new Topic("Outage", List.of("down", "outage", "no internet", "wi-fi")),
            new Topic("Support", List.of("\"customer service\"", "support", "hotline")),
            new Topic("App", List.of("app", "iOS", "don't load"))));

    @Test
    void matchesWholeWordsCaseInsensitively() {
        assertThat(ACME.topics("I want a REFUND. Now.")).containsExactly("Billing");
        assertThat(ACME.topics("Refunded already, thanks")).isEmpty();
        assertThat(ACME.topics("the downside is the price")).isEmpty();
        assertThat(ACME.topics("Apps? Application? Happy!")).isEmpty();
    }

    @Test
    void matchesPhrasesQuotedOrNotAsWordSequences() {
        assertThat(ACME.topics("I was double   charged!!")).containsExactly("Billing");
        assertThat(ACME.topics("they charged me twice")).isEmpty();
        assertThat(ACME.topics("Customer-service was rude")).containsExactly("Support");
        assertThat(ACME.topics("the customer was served")).isEmpty();
        assertThat(ACME.topics("pages don't load on my phone")).containsExactly("App");
        assertThat(ACME.topics("pages don’t load")).containsExactly("App");
        assertThat(ACME.topics("wifi is fine")).isEmpty();
        assertThat(ACME.topics("Wi-Fi keeps dropping")).containsExactly("Outage");
    }

    @Test
    void hashtagsCountAsWords() {
        assertThat(ACME.topics("#refund #outage")).containsExactly("Billing", "Outage");
    }

    @Test
    void urlsAndHandlesAreNotSearched() {
        assertThat(ACME.topics("@support_bot see https://acme.example/refund/app")).isEmpty();
    }

    @Test
    void eachTopicOnceInNameOrderWithTheFirstKeywordThatMatched() {
        List<Match> found = ACME.match("Support line down, app down, I want a refund, invoice wrong");
        assertThat(found).containsExactly(new Match("App", "app"), new Match("Billing", "refund"),
                new Match("Outage", "down"), new Match("Support", "support"));
    }

    @Test
    void emptyInputsMatchNothing() {
        assertThat(TopicMatcher.EMPTY.topics("refund")).isEmpty();
        assertThat(TopicMatcher.EMPTY.isEmpty()).isTrue();
        assertThat(ACME.topics("")).isEmpty();
        assertThat(ACME.topics(null)).isEmpty();
        assertThat(ACME.topics("😡🔥")).isEmpty();
    }

    @Test
    void wordsAreNormalisedLikeTheText() {
        assertThat(TopicMatcher.words("  \"Customer Service\" ")).containsExactly("customer", "service");
        assertThat(TopicMatcher.words("#Refund,now's-the_time 42")).containsExactly("refund", "now's", "the_time",
                "42");
        assertThat(TopicMatcher.words("!!!")).isEmpty();
    }

    @Test
    void aLongerPhraseAndAWordOfTwoTopicsBothMatch() {
        TopicMatcher m = TopicMatcher.compile(List.of(new Topic("Pricing", List.of("price")),
                new Topic("Price increase", List.of("price increase", "price hike"))));
        assertThat(m.topics("another price hike?")).containsExactly("Price increase", "Pricing");
    }
}
