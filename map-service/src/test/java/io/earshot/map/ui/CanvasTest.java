package io.earshot.map.ui;

import static io.earshot.map.maps.MapLogicTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.maps.Trend;
import io.earshot.map.ui.Canvas.Card;
import io.earshot.map.ui.Canvas.State;
import io.earshot.map.versions.MapDiff;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanvasTest {
    static final Instant T = Instant.parse("2026-11-20T00:00:00Z");

    static ItemView item(UUID id, Zone zone, String text, String theme, int evidence, Trend trend) {
        return new ItemView(id, "acme", "commuter", zone, text, theme, evidence, T, T, trend, List.of(), null, T);
    }

    @Test
    void allEightZonesInCanvasOrderWithCardsSizedByEvidenceAndTrendArrows() {
        UUID big = UUID.randomUUID();
        UUID small = UUID.randomUUID();
        UUID mid = UUID.randomUUID();
        Canvas c = Canvas.of(map(0, item(small, Zone.PAINS, "slow", "speed", 1, Trend.FALLING),
                item(big, Zone.PAINS, "logs me out", "logout", 100, Trend.RISING),
                item(mid, Zone.GAINS, "fast refunds", "refund", 10, Trend.STEADY)), null, "the live map");

        assertThat(c.zones()).extracting(Canvas.ZoneBox::key)
                .containsExactly("SAYS", "THINKS", "DOES", "FEELS", "SEES", "HEARS", "PAINS", "GAINS");
        assertThat(c.who()).isEqualTo("commuters");
        assertThat(c.summary()).isNull();
        List<Card> pains = c.zone("PAINS").cards();
        assertThat(pains).extracting(Card::id).containsExactly(big, small); // most evidence first
        assertThat(pains.get(0).size()).isEqualTo(5);
        assertThat(pains.get(0).trendArrow()).isEqualTo("\u2191");
        assertThat(pains.get(0).trendLabel()).isEqualTo("rising");
        assertThat(pains.get(1).size()).isEqualTo(1);
        assertThat(pains.get(1).trendArrow()).isEqualTo("\u2193");
        Card gains = c.zone("GAINS").cards().get(0);
        assertThat(gains.size()).isEqualTo(3); // log10 / log100 = 0.5 -> 1 + 2
        assertThat(gains.trendArrow()).isEqualTo("\u2192");
        assertThat(gains.state()).isEqualTo(State.NONE);
        assertThat(gains.cssClass()).isEqualTo("item size-3");
        assertThat(c.zone("SAYS").cards()).isEmpty();
        assertThat(c.empty()).isFalse();
    }

    @Test
    void sizesGrowWithEvidenceOnALogScale() {
        assertThat(Canvas.size(0, 0)).isEqualTo(1);
        assertThat(Canvas.size(1, 50)).isEqualTo(1);
        assertThat(Canvas.size(7, 7)).isEqualTo(5);
        int previous = 1;
        for (int n = 1; n <= 1000; n++) {
            int s = Canvas.size(n, 1000);
            assertThat(s).isBetween(previous, 5);
            previous = s;
        }
        assertThat(previous).isEqualTo(5);
    }

    @Test
    void comparedWithAnEarlierVersionItemsAreMarkedAddedChangedAndRemoved() {
        UUID kept = UUID.randomUUID();
        UUID edited = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        MapView v1 = map(1, item(kept, Zone.SAYS, "love it", "love", 3, Trend.STEADY),
                item(edited, Zone.PAINS, "logs out", "logout", 2, Trend.STEADY),
                item(gone, Zone.DOES, "calls support", "support", 4, Trend.FALLING));
        MapView v2 = map(2, item(kept, Zone.SAYS, "love it", "love", 5, Trend.RISING),
                item(edited, Zone.PAINS, "logs me out every morning", "logout", 2, Trend.STEADY),
                item(fresh, Zone.GAINS, "fast refunds", "refund", 1, Trend.RISING));

        Canvas c = Canvas.of(v2, MapDiff.of(v1, v2), "version 2");

        assertThat(c.summary()).isEqualTo(new Canvas.Summary(1, "version 2", 1, 1, 1));
        Card says = c.zone("SAYS").cards().get(0);
        assertThat(says.state()).isEqualTo(State.NONE); // more evidence alone is not a change of the item
        Card pains = c.zone("PAINS").cards().get(0);
        assertThat(pains.state()).isEqualTo(State.CHANGED);
        assertThat(pains.changedFields()).isEqualTo("text");
        assertThat(pains.previousText()).isEqualTo("logs out");
        assertThat(pains.cssClass()).endsWith(" changed");
        Card gains = c.zone("GAINS").cards().get(0);
        assertThat(gains.id()).isEqualTo(fresh);
        assertThat(gains.state()).isEqualTo(State.ADDED);
        assertThat(gains.stateLabel()).isEqualTo("added");
        List<Card> does = c.zone("DOES").cards();
        assertThat(does).extracting(Card::id).containsExactly(gone);
        assertThat(does.get(0).state()).isEqualTo(State.REMOVED);
        assertThat(does.get(0).text()).isEqualTo("calls support");
    }
}
