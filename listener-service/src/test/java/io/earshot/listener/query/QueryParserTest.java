package io.earshot.listener.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {
    static final String ISSUE_QUERY = "\"acme\" AND (refund OR outage) NOT job";

    static java.util.List<String> match(String query, String text) {
        return QueryParser.parse(query).match(text);
    }

    @Test
    void theIssueExampleMatchesAndRecordsTheTerms() {
        assertThat(match(ISSUE_QUERY, "ACME owes me a REFUND after the outage!")).containsExactly("acme", "refund",
                "outage");
        assertThat(match(ISSUE_QUERY, "Acme: where is my refund?")).containsExactly("acme", "refund");
        assertThat(match(ISSUE_QUERY, "Acme outage again")).containsExactly("acme", "outage");
        assertThat(match(ISSUE_QUERY, "Acme is hiring, refund desk job open")).isNull();
        assertThat(match(ISSUE_QUERY, "acme is great")).isNull();
        assertThat(match(ISSUE_QUERY, "refund please")).isNull();
    }

    @Test
    void matchingIsOnWordBoundariesNotSubstrings() {
        assertThat(match("acme", "acmeville is a town")).isNull();
        assertThat(match("acme", "the acme-corp shop")).containsExactly("acme");
        assertThat(match("acme", "#acme rocks")).containsExactly("acme");
        assertThat(match("acme", "@acme help")).containsExactly("acme");
        assertThat(match("job", "jobs are gone")).isNull();
        assertThat(match("acme", "(acme)")).containsExactly("acme");
        assertThat(match("acme", "acme_support")).isNull();
        assertThat(match("refund", "refunding")).isNull();
    }

    @Test
    void matchingIsCaseInsensitiveIncludingNonAscii() {
        assertThat(match("Café", "un CAFÉ noir")).containsExactly("café");
        assertThat(match("STRASSE", "die strasse")).containsExactly("strasse");
        assertThat(match("müller", "MÜLLER GmbH")).containsExactly("müller");
    }

    @Test
    void quotedPhrasesMatchAsAWholeAcrossWhitespace() {
        assertThat(match("\"customer service\"", "their Customer\n  Service is awful")).containsExactly(
                "customer service");
        assertThat(match("\"customer service\"", "customer hates the service")).isNull();
        assertThat(match("\"acme support\" OR help", "need help")).containsExactly("help");
    }

    @Test
    void implicitAndBetweenTerms() {
        assertThat(match("acme refund", "acme refund now")).containsExactly("acme", "refund");
        assertThat(match("acme refund", "acme only")).isNull();
        assertThat(QueryParser.parse("acme refund").toString()).isEqualTo("(acme AND refund)");
    }

    @Test
    void precedenceIsNotThenAndThenOr() {
        assertThat(QueryParser.parse("a OR b AND c").toString()).isEqualTo("(a OR (b AND c))");
        assertThat(QueryParser.parse("a AND b OR c").toString()).isEqualTo("((a AND b) OR c)");
        assertThat(QueryParser.parse("NOT a b").toString()).isEqualTo("(NOT a AND b)");
        assertThat(QueryParser.parse("(a OR b) c").toString()).isEqualTo("((a OR b) AND c)");
        assertThat(match("a OR b AND c", "a")).containsExactly("a");
        assertThat(match("a OR b AND c", "b")).isNull();
    }

    @Test
    void orRecordsEveryMatchingBranchAndNotRecordsNothing() {
        assertThat(match("refund OR outage OR broken", "outage, broken app")).containsExactly("outage", "broken");
        assertThat(match("acme NOT (job OR hiring)", "acme hiring")).isNull();
        assertThat(match("acme NOT (job OR hiring)", "acme down")).containsExactly("acme");
        assertThat(match("acme -job", "acme job")).isNull();
        assertThat(match("acme -job", "acme down")).containsExactly("acme");
        assertThat(match("acme-corp", "acme-corp down")).containsExactly("acme-corp");
    }

    @Test
    void failedAndBranchesDoNotLeakTerms() {
        assertThat(match("(acme AND refund) OR outage", "acme outage")).containsExactly("outage");
    }

    @Test
    void lowerCaseOperatorsAreWords() {
        assertThat(match("acme and refund", "acme refund")).isNull();
        assertThat(match("acme and refund", "acme and refund")).containsExactly("acme", "and", "refund");
    }

    @Test
    void trailingStarIsAPrefix() {
        assertThat(match("refund*", "refunds please")).containsExactly("refund*");
        assertThat(match("refund*", "a nonrefundable fee")).isNull();
    }

    @Test
    void regexCharactersAreLiteral() {
        assertThat(match("\"c++\"", "I write c++ daily")).containsExactly("c++");
        assertThat(match("a.b", "axb")).isNull();
        assertThat(match("$acme", "buy $acme now")).containsExactly("$acme");
    }

    @Test
    void nullAndEmptyTextNeverMatch() {
        assertThat(match("acme", null)).isNull();
        assertThat(match("acme", "")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|1|empty",
            "'   '|1|empty",
            "acme AND|9|missing after 'AND'",
            "acme OR OR b|9|missing before 'OR'",
            "(acme|6|missing ')'",
            "acme)|5|unbalanced ')'",
            "\"acme|1|unterminated quote",
            "acme \"\"|6|empty quotes",
            "()|2|empty parentheses",
            "AND acme|1|missing before 'AND'",
            "NOT acme|1|not negated",
            "*|1|prefix",
            "ac*me|3|only allowed at the end"})
    void parseErrorsNameThePosition(String query, int position, String message) {
        assertThatThrownBy(() -> QueryParser.parse(query))
                .isInstanceOfSatisfying(QueryParseException.class, e -> {
                    assertThat(e.position()).isEqualTo(position);
                    assertThat(e.getMessage()).contains(message).endsWith("at position " + position);
                });
    }

    @Test
    void hugeOrDeeplyNestedQueriesAreRejectedNotAStackOverflow() {
        assertThatThrownBy(() -> QueryParser.parse("(".repeat(500) + "a" + ")".repeat(500)))
                .isInstanceOf(QueryParseException.class).hasMessageContaining("nests deeper");
        assertThatThrownBy(() -> QueryParser.parse("NOT ".repeat(40) + "a b"))
                .isInstanceOf(QueryParseException.class).hasMessageContaining("nests deeper");
        assertThatThrownBy(() -> QueryParser.parse("a ".repeat(1500)))
                .isInstanceOf(QueryParseException.class).hasMessageContaining("longer than");
        assertThatThrownBy(() -> QueryParser.parse("a OR ".repeat(300) + "b"))
                .isInstanceOf(QueryParseException.class).hasMessageContaining("more than 200 terms");
    }
}
