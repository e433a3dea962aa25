package io.earshot.escalation.crisis;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.escalation.windows.WindowStore;
import io.earshot.testing.OrganicText;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A stream's first minute is its earliest by mention time, whatever order the mentions arrive in: a history
 * back-filled after a spike is still the stream's past, which the crisis detector learns from.
 */
@QuarkusTest
class StreamFirstMinuteTest {
    @Inject
    WindowStore windows;

    @Test
    void aHistoryArrivingAfterTheSpikeMovesTheFirstMinuteBack() {
        String brand = CrisisFlowTest.brand();
        Instant spike = CrisisFlowTest.streamStart().plus(Duration.ofMinutes(40));
        Random r = new Random(7);
        long spikeMinute = spike.getEpochSecond() / 60;

        for (int i = 0; i < 5; i++) {
            assertThat(record(brand, "cust" + i, spike.plusSeconds(i), r)).isTrue();
        }
        assertThat(first(brand, spikeMinute)).isEqualTo(spikeMinute);

        Instant history = spike.minus(Duration.ofMinutes(34));
        for (int m = 33; m >= 0; m--) { // newest first: every record must only ever move the first minute back
            assertThat(record(brand, "reg" + (m % 2), history.plus(Duration.ofMinutes(m)).plusSeconds(5), r)).isTrue();
        }
        assertThat(first(brand, spikeMinute)).isEqualTo(history.getEpochSecond() / 60);

        assertThat(record(brand, "late", spike.plus(Duration.ofMinutes(3)), r)).isTrue(); // a later minute moves nothing
        assertThat(first(brand, spikeMinute)).isEqualTo(history.getEpochSecond() / 60);
    }

    private boolean record(String brand, String author, Instant at, Random r) {
        return windows.record(CrisisFlowTest.mention(brand, author, at, OrganicText.of(r), -0.5,
                100, at.minus(Duration.ofDays(400))), false).await().atMost(Duration.ofSeconds(10));
    }

    private Long first(String brand, long sinceMinute) {
        Map<String, Long> active = windows.activeStreams(sinceMinute).await().atMost(Duration.ofSeconds(10));
        assertThat(active).containsKey(brand);
        return active.get(brand);
    }
}
