package io.earshot.listener.sourcehealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GapModelTest {
    static final GapModel.Settings S = new GapModel.Settings(5, 3, 3.0, Duration.ofMinutes(15));

    @Test
    void learnsTheLastGapsAndSilenceStartsAtThreeTimesTheirHighPercentile() {
        GapModel g = GapModel.parse("");
        assertThat(g.silentAfter(S)).isNull();
        g = g.with(Duration.ofMinutes(10), 5).with(Duration.ofMinutes(12), 5);
        assertThat(g.learned(S)).isFalse();
        g = g.with(Duration.ofMinutes(8), 5);
        assertThat(g.typicalGap()).isEqualTo(Duration.ofMinutes(12));
        assertThat(g.silentAfter(S)).isEqualTo(Duration.ofMinutes(36));
        assertThat(g.arrivalsPerHour()).isEqualTo(6.0);
        g = g.with(Duration.ofMinutes(1), 5).with(Duration.ofMinutes(1), 5).with(Duration.ofMinutes(1), 5);
        assertThat(g.gaps()).containsExactly(720, 480, 60, 60, 60);
        assertThat(GapModel.parse(g.format())).isEqualTo(g);
    }

    @Test
    void aBusySourceIsNeverSilentBeforeTheMinimum() {
        GapModel g = GapModel.parse("30,20,40,30");
        assertThat(g.silentAfter(S)).isEqualTo(Duration.ofMinutes(15));
        assertThat(GapModel.parse("").with(Duration.ofMillis(10), 5).gaps()).containsExactly(1);
    }
}
