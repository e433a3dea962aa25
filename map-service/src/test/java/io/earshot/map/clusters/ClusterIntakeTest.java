package io.earshot.map.clusters;

import static io.earshot.map.maps.MapFixtures.brand;
import static io.earshot.map.maps.MapFixtures.candidate;
import static io.earshot.map.maps.MapFixtures.mention;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.contracts.events.Zone;
import io.earshot.map.review.CandidateStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The candidate hot path (a Kafka batch in one transaction on the reactive client) under two replicas: the same
 * mentions' candidates handled by two batches at once, in opposite orders, are stored once, clustered once, and give
 * each mention one evidence row, without a deadlock.
 */
@QuarkusTest
class ClusterIntakeTest {
    private static final String[] OUTAGE = {
            "Can't work from home when the internet drops every afternoon",
            "Internet drops again, I can't work from home today",
            "Working from home is impossible, the internet drops every hour",
            "The internet drops whenever I work from home on video calls",
    };

    @Inject
    CandidateStore store;
    @Inject
    Pool pool;

    @Test
    void twoReplicasHandlingTheSameMentionsAtOnceMakeOneClusterWithOneEvidenceRowPerMention() throws Throwable {
        String brand = brand("race");
        Instant now = Instant.now();
        List<UUID> mentions = new ArrayList<>();
        List<CandidateStore.Arrival> batch = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            UUID m = mention();
            mentions.add(m);
            batch.add(new CandidateStore.Arrival(candidate(brand, Zone.PAINS, "outage", OUTAGE[i % OUTAGE.length], now,
                    m),
                    null));
            if (i % 2 == 0) { // a second candidate of the same mention, in another zone
                batch.add(new CandidateStore.Arrival(candidate(brand, Zone.SAYS, "outage", OUTAGE[i % OUTAGE.length],
                        now,
                        m), null));
            }
        }
        facts(mentions);
        List<CandidateStore.Arrival> reversed = new ArrayList<>(batch);
        Collections.reverse(reversed);

        List<List<Boolean>> answers = VertxContextSupport.subscribeAndAwait(() -> Uni.join()
                .all(store.insertAll(batch), store.insertAll(reversed)).andFailFast());

        for (int i = 0; i < batch.size(); i++) { // each candidate was new to exactly one of the two batches
            assertThat(answers.get(0).get(i) ^ answers.get(1).get(batch.size() - 1 - i)).isTrue();
        }
        assertThat(count("select count(*) from candidates where brand = $1", brand)).isEqualTo(batch.size());
        assertThat(count("select count(*) from candidates where brand = $1 and cluster_id is null", brand)).isZero();
        List<Row> clusters = rows("select zone, members from insight_clusters where brand = $1 order by zone", brand);
        assertThat(clusters).extracting(r -> r.getString("zone")).containsExactly("PAINS", "SAYS");
        assertThat(clusters).extracting(r -> r.getInteger("members")).containsExactly(16, 8);
        assertThat(count("""
                select count(*) from cluster_evidence e join insight_clusters k on k.id = e.cluster_id
                 where k.brand = $1""", brand)).isEqualTo(batch.size());
        assertThat(count("""
                select count(*) from (select e.cluster_id, e.mention_id from cluster_evidence e
                                        join insight_clusters k on k.id = e.cluster_id
                                       where k.brand = $1 group by 1, 2 having count(*) > 1) d""", brand)).isZero();
        assertThat(count(
                """
                        select count(distinct e.author_key) from cluster_evidence e join insight_clusters k on k.id = e.cluster_id
                         where k.brand = $1 and k.zone = 'PAINS'""",
                brand)).isEqualTo(16);
    }

    /** The mentions' facts, as mentions.scored would have stored them: one author each. */
    private void facts(List<UUID> mentions) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("""
                insert into mention_authors (mention_id, author_key, source, topics, text)
                select m, 'mastodon:' || m, 'mastodon', '{}', 'outage' from unnest(cast($1 as uuid[])) as m""")
                .execute(Tuple.of(mentions.toArray(new UUID[0]))));
    }

    private long count(String sql, String brand) throws Throwable {
        return rows(sql, brand).get(0).getLong(0);
    }

    private List<Row> rows(String sql, Object param) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(param)).map(rs -> {
            List<Row> out = new ArrayList<>();
            rs.forEach(out::add);
            return out;
        }));
    }
}
