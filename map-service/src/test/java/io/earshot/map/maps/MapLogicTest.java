package io.earshot.map.maps;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Zone;
import io.earshot.map.maps.MapViews.EvidenceView;
import io.earshot.map.maps.MapViews.Goal;
import io.earshot.map.maps.MapViews.ItemView;
import io.earshot.map.maps.MapViews.MapView;
import io.earshot.map.privacy.SubjectErasure;
import io.earshot.map.versions.MapDiff;
import io.earshot.map.versions.VersionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pure logic of maps: trends, contradictions, diffs, scrubbing, Markdown export. */
public class MapLogicTest {
    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    static ItemView item(UUID id, Zone zone, String text, String theme, List<EvidenceView> evidence) {
        return new ItemView(id, "acme", "default", zone, text, theme, evidence.size(), null, null, Trend.STEADY,
                evidence.stream().limit(3).toList(), evidence, NOW);
    }

    static EvidenceView ev(UUID mention, String quote) {
        return new EvidenceView(mention, UUID.randomUUID(), quote, NOW.minusSeconds(3600));
    }

    public static MapView map(int version, ItemView... items) {
        Map<Zone, List<ItemView>> zones = MapView.emptyZones();
        for (ItemView i : items) {
            List<ItemView> list = new ArrayList<>(zones.get(i.zone()));
            list.add(i);
            zones.put(i.zone(), list);
        }
        return new MapView("acme", "default", new Goal("commuters", "get to work"), version, NOW, null, zones);
    }

    @Test
    void trendComparesTheLastWeekWithTheWeekBefore() {
        assertThat(Trend.of(5, 4)).isEqualTo(Trend.STEADY);
        assertThat(Trend.of(6, 4)).isEqualTo(Trend.RISING);
        assertThat(Trend.of(3, 4)).isEqualTo(Trend.FALLING);
        assertThat(Trend.of(0, 0)).isEqualTo(Trend.STEADY);
        assertThat(Trend.of(1, 0)).isEqualTo(Trend.RISING);
        assertThat(Trend.of(0, 3)).isEqualTo(Trend.FALLING);
        List<Instant> seen = List.of(NOW.minusSeconds(3600), NOW.minusSeconds(86_400 * 2), NOW.minusSeconds(86_400 * 3),
                NOW.minusSeconds(86_400 * 8), NOW.minusSeconds(86_400 * 30));
        assertThat(Trend.of(seen, NOW)).isEqualTo(Trend.RISING); // 3 recent against 1
        assertThat(Trend.of(List.of(NOW.minusSeconds(86_400 * 9), NOW.minusSeconds(86_400 * 10)), NOW))
                .isEqualTo(Trend.FALLING);
    }

    @Test
    void sayingLoyaltyWhileLeavingIsAContradiction() {
        ItemView says = item(UUID.randomUUID(), Zone.SAYS, "I'd never switch to another bank", "loyalty", List.of());
        ItemView cancels = item(UUID.randomUUID(), Zone.DOES, "cancels the subscription after the fee rise", "fees",
                List.of());
        ItemView sameTheme = item(UUID.randomUUID(), Zone.DOES, "keeps a second account at a rival", "loyalty", List
                .of());
        ItemView unrelated = item(UUID.randomUUID(), Zone.DOES, "checks the balance every morning", "balance", List
                .of());
        ItemView neutralSays = item(UUID.randomUUID(), Zone.SAYS, "the app is slow", "speed", List.of());
        List<Contradictions.Contradiction> found = Contradictions.of(List.of(says, cancels, sameTheme, unrelated,
                neutralSays));
        assertThat(found).extracting(c -> c.does().id()).containsExactlyInAnyOrder(cancels.id(), sameTheme.id());
        assertThat(found).allMatch(c -> c.says().id().equals(says.id()));
        assertThat(found).anyMatch(c -> c.reason().contains("describes leaving"))
                .anyMatch(c -> c.reason().contains("shares the theme 'loyalty'"));
        assertThat(Contradictions.of(List.of(neutralSays, unrelated))).isEmpty();
    }

    @Test
    void diffFindsAddedRemovedChangedAndEvidenceGrowth() {
        UUID kept = UUID.randomUUID();
        UUID edited = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        EvidenceView e1 = ev(UUID.randomUUID(), "a");
        EvidenceView e2 = ev(UUID.randomUUID(), "b");
        MapView v1 = map(1, item(kept, Zone.PAINS, "logs out", "logout", List.of(e1)),
                item(edited, Zone.GAINS, "fast", "speed", List.of()),
                item(gone, Zone.SEES, "ads", "ads", List.of()));
        MapView v2 = map(2, item(kept, Zone.PAINS, "logs out", "logout", List.of(e1, e2)),
                item(edited, Zone.GAINS, "very fast", "speed", List.of()),
                item(fresh, Zone.HEARS, "friends complain", "word-of-mouth", List.of(e2)));
        MapDiff diff = MapDiff.of(v1, v2);
        assertThat(diff.from()).isEqualTo(1);
        assertThat(diff.to()).isEqualTo(2);
        assertThat(diff.added()).extracting(ItemView::id).containsExactly(fresh);
        assertThat(diff.removed()).extracting(ItemView::id).containsExactly(gone);
        assertThat(diff.changed()).singleElement().satisfies(c -> {
            assertThat(c.itemId()).isEqualTo(edited);
            assertThat(c.fields()).containsExactly("text");
        });
        assertThat(diff.evidenceGrowth()).extracting(MapDiff.Growth::itemId, MapDiff.Growth::delta)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(kept, 1),
                        org.assertj.core.groups.Tuple.tuple(fresh, 1));
        assertThat(MapDiff.of(v2, v2).added()).isEmpty();
        assertThat(MapDiff.of(v2, v2).evidenceGrowth()).isEmpty();
    }

    @Test
    void scrubbingRemovesTheSubjectsEvidenceAndQuotesAndSurvivesJson() {
        UUID subject = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        MapView v = map(3, item(UUID.randomUUID(), Zone.SAYS, "love it", "love",
                List.of(ev(subject, "my name is Jo and I love it"), ev(other, "love it"))));
        MapView back = VersionStore.read(VersionStore.write(v));
        assertThat(back).isEqualTo(v);
        MapView scrubbed = SubjectErasure.scrub(back, Set.of(subject), java.util.Map.of());
        ItemView item = scrubbed.zones().get(Zone.SAYS).get(0);
        assertThat(item.evidenceCount()).isEqualTo(1);
        assertThat(item.evidence()).extracting(EvidenceView::mentionId).containsExactly(other);
        assertThat(item.samples()).extracting(EvidenceView::quote).containsExactly("love it");
        assertThat(VersionStore.write(scrubbed)).doesNotContain(subject.toString()).doesNotContain("Jo");
        assertThat(SubjectErasure.scrub(v, Set.of(UUID.randomUUID()), java.util.Map.of())).isEqualTo(v);
    }

    @Test
    void markdownExportListsEveryZoneAndEscapesQuotes() {
        MapView v = map(1, item(UUID.randomUUID(), Zone.PAINS, "logs me out", "logout",
                List.of(ev(UUID.randomUUID(), "# <script>alert(1)</script> *bold*"))));
        String md = MarkdownExport.render(v);
        for (Zone z : Zone.values()) {
            assertThat(md).contains("## " + z);
        }
        assertThat(md).contains("- **Who:** commuters").contains(
                "**logs me out** (theme: logout; evidence: 1; trend: STEADY)")
                .contains("> \\# &lt;script&gt;alert(1)&lt;/script&gt; \\*bold\\*").doesNotContain("<script>");
    }
}
