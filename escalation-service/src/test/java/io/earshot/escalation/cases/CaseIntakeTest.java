package io.earshot.escalation.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.rules.Decision;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The set-based case intake ({@link CaseIntake}): a batch's cases are opened and joined with a fixed number of
 * statements, with the guarantees the one-mention-at-a-time path had: one case per merge key, a mention on one case
 * only, earlier cases of the author counted, an audit entry per mention, and two replicas handling the same mentions
 * at once open one case.
 */
@QuarkusTest
class CaseIntakeTest {
    private static final Decision CARE = new Decision("care", "negative", 1, "P3", "sentiment at most -0.5", false);
    private static final Decision URGENT = new Decision("urgent", "urgent", 1, "P2", "urgency at least 0.6", false);

    @Inject
    CaseIntake intake;
    @Inject
    Pool pool;

    @Test
    void aBatchOpensOneCasePerMergeKeyAndJoinsTheRestInOrder() throws Throwable {
        String brand = CaseFlowTest.brand();
        ScoredMention first = CaseFlowTest.scored(brand, "ann", "t1", -0.6, Distress.NONE);
        ScoredMention second = CaseFlowTest.scored(brand, "ann", "t1", -0.9, Distress.NONE);
        ScoredMention third = CaseFlowTest.scored(brand, "ann", "t1", -0.7, Distress.NONE);
        ScoredMention otherThread = CaseFlowTest.scored(brand, "ann", "t2", -0.8, Distress.NONE);
        ScoredMention undecided = CaseFlowTest.scored(brand, "bob", "t1", 0.4, Distress.NONE);
        List<CaseIntake.Arrival> batch = List.of(arrival(first, CARE), arrival(second, URGENT), arrival(undecided,
                null),
                arrival(third, CARE), arrival(otherThread, CARE), arrival(first, CARE));

        assertThat(handle(batch)).isTrue();

        List<Row> cases = rows("select id, trigger_mention_id, queue, priority_band, version, priority_breakdown"
                + " from cases where brand = $1 order by created_at, trigger_mention_id", brand);
        assertThat(cases).hasSize(2);
        Map<UUID, Row> byTrigger = new HashMap<>();
        cases.forEach(r -> byTrigger.put(r.getUUID("trigger_mention_id"), r));
        Row thread1 = byTrigger.get(first.mention().id());
        assertThat(thread1.getString("queue")).isEqualTo("care"); // the first mention's queue
        assertThat(thread1.getString("priority_band")).isEqualTo("P2"); // the most urgent band of its mentions
        assertThat(thread1.getLong("version")).isEqualTo(2L); // opened, then joined twice
        assertThat(mentionsOf(thread1.getUUID("id"))).containsExactlyInAnyOrder(first.mention().id(),
                second.mention().id(), third.mention().id());
        Row thread2 = byTrigger.get(otherThread.mention().id());
        // the case opened before it in the same batch is one of the author's previous cases
        assertThat(thread2.getString("priority_breakdown")).contains("(1 previous cases)");
        assertThat(mentionsOf(thread2.getUUID("id"))).containsExactly(otherThread.mention().id());
        assertThat(actions(thread1.getUUID("id"))).containsExactlyInAnyOrder("case.opened", "case.joined",
                "case.joined");
        assertThat(actions(thread2.getUUID("id"))).containsExactly("case.opened");
        assertThat(rows("select 1 from recent_mentions where brand = $1", brand)).hasSize(5);

        // a redelivered batch changes nothing
        assertThat(handle(batch)).isFalse();
        assertThat(actions(thread1.getUUID("id"))).hasSize(3);
        assertThat(rows("select version from cases where id = $1", thread1.getUUID("id")).get(0).getLong("version"))
                .isEqualTo(2L);
    }

    /**
     * Two replicas handle the same mentions in opposite orders at once, round after round: one case each time, every
     * mention on it once, and never a deadlock (the recent mentions and the cases take their locks in one order
     * whatever the batch's order).
     */
    @Test
    void twoReplicasHandlingTheSameMentionsAtOnceOpenOneCase() throws Throwable {
        for (int round = 0; round < 8; round++) {
            String brand = CaseFlowTest.brand();
            List<CaseIntake.Arrival> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(arrival(CaseFlowTest.scored(brand, "ann", "t1", -0.8, Distress.NONE), CARE));
            }
            List<CaseIntake.Arrival> reversed = new ArrayList<>(batch);
            java.util.Collections.reverse(reversed);
            List<Boolean> results = VertxContextSupport.subscribeAndAwait(() -> Uni.join()
                    .all(intake.handleAll(batch), intake.handleAll(reversed)).andFailFast());
            assertThat(results).contains(true);

            List<Row> cases = rows("select id, version from cases where brand = $1", brand);
            assertThat(cases).hasSize(1);
            UUID id = cases.get(0).getUUID("id");
            assertThat(mentionsOf(id)).hasSize(20);
            List<String> actions = actions(id);
            assertThat(actions).hasSize(20);
            assertThat(actions.stream().filter("case.opened"::equals)).hasSize(1);
            assertThat(cases.get(0).getLong("version")).isEqualTo(19L);
            assertThat(rows("select 1 from recent_mentions where brand = $1", brand)).hasSize(20);
        }
    }

    private static CaseIntake.Arrival arrival(ScoredMention s, Decision d) {
        return new CaseIntake.Arrival(s, Optional.ofNullable(d), null);
    }

    private boolean handle(List<CaseIntake.Arrival> batch) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> intake.handleAll(batch));
    }

    private List<UUID> mentionsOf(UUID caseId) throws Throwable {
        return rows("select mention_id from case_mentions where case_id = $1", caseId).stream()
                .map(r -> r.getUUID("mention_id")).toList();
    }

    private List<String> actions(UUID caseId) throws Throwable {
        return rows("select action from audit_log where entity_type = 'case' and entity_id = $1", caseId.toString())
                .stream()
                .map(r -> r.getString("action")).toList();
    }

    private List<Row> rows(String sql, Object param) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(param)).map(rs -> {
            List<Row> out = new ArrayList<>();
            rs.forEach(out::add);
            return out;
        }));
    }
}
