package io.earshot.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlValuesTest {

    @Test
    void textArrayQuotesEveryElementAndEscapesQuotesAndBackslashes() {
        assertThat(SqlValues.textArray(List.of())).isEqualTo("{}");
        assertThat(SqlValues.textArray(List.of("billing", "a,b", "{x}"))).isEqualTo("{\"billing\",\"a,b\",\"{x}\"}");
        assertThat(SqlValues.textArray(List.of("say \"hi\"", "back\\slash"))).isEqualTo(
                "{\"say \\\"hi\\\"\",\"back\\\\slash\"}");
        assertThat(SqlValues.textArray(Arrays.asList("NULL", null))).isEqualTo("{\"NULL\",NULL}");
        assertThat(SqlValues.textArray(null)).isNull();
    }

    @Test
    void timestampsTravelAsIsoTextAndNullStaysNull() {
        OffsetDateTime t = OffsetDateTime.of(2026, 12, 2, 5, 0, 0, 0, ZoneOffset.UTC);
        assertThat(SqlValues.timestamps(new OffsetDateTime[]{t, null})).containsExactly("2026-12-02T05:00Z", null);
        assertThat(SqlValues.utc(Instant.EPOCH)).isEqualTo(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }
}
