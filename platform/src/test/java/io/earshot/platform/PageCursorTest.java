package io.earshot.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.earshot.platform.http.PageCursor;
import io.earshot.platform.http.ProblemException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageCursorTest {
    @Test
    void roundTripsToTheMicrosecond() {
        PageCursor c = new PageCursor(Instant.parse("2026-11-20T10:15:30.123456Z"), UUID.randomUUID());
        assertThat(PageCursor.decode(c.encode())).isEqualTo(c);
    }

    @Test
    void blankMeansFirstPage() {
        assertThat(PageCursor.decode(null)).isNull();
        assertThat(PageCursor.decode(" ")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "!!!", "MTIzfG5vdC1hLXV1aWQ", "fDEyMw"})
    void tamperedCursorsAreA400NamingCursor(String cursor) {
        assertThatThrownBy(() -> PageCursor.decode(cursor)).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).problem().errors().get(0).field()).isEqualTo(
                        "cursor"));
    }

    @Test
    void limitsAreChecked() {
        assertThat(PageCursor.limit(null, 50, 200)).isEqualTo(50);
        assertThat(PageCursor.limit(" ", 50, 200)).isEqualTo(50);
        assertThat(PageCursor.limit("200", 50, 200)).isEqualTo(200);
        for (String bad : new String[]{"0", "201", "-3", "ten", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> PageCursor.limit(bad, 50, 200)).isInstanceOf(ProblemException.class);
        }
    }
}
