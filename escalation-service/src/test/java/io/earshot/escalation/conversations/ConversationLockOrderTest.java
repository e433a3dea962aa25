package io.earshot.escalation.conversations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.Fixtures;
import io.earshot.escalation.cases.CaseIntake;
import io.earshot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A turn of a handed-off conversation arriving while the agent resolves its case, on the real PostgreSQL: the two
 * transactions run at the same time, and neither may fail. The intake's transaction is driven step by step on a
 * connection of the test: the intake's own conversation locks ({@link ConversationIntake#assess}), then the write of the
 * case it joins (the case upsert's update of the row). The resolve, a real request, is let go in between and must wait
 * for the conversation before it touches the case; had it written the case first, PostgreSQL would find the two
 * waiting for each other and fail one with a deadlock.
 */
@QuarkusTest
class ConversationLockOrderTest {
    @Inject
    Pool pool;

    @Inject
    ConversationIntake intake;

    /** Backends of this database waiting for a lock on a statement that names the conversations table. */
    private long waitingOnConversations() {
        return pool.preparedQuery("""
                select count(*) as n from pg_stat_activity
                 where datname = current_database() and pid <> pg_backend_pid() and wait_event_type = 'Lock'
                   and query ilike '%conversations%'""").execute().await().indefinitely().iterator().next().getLong(
                "n");
    }

    @Test
    void aTurnJoiningTheCaseAndTheAgentResolvingItAtTheSameTimeBothCommit() throws Exception {
        String brand = Fixtures.brand();
        String conv = "lock-" + UUID.randomUUID();
        Instant t0 = Instant.now().minusSeconds(60);
        Fixtures.publish(ConversationHandoffTest.turn(brand, conv, "1", false,
                "I want to talk to a human now", -0.4, Distress.NONE, t0));
        UUID caseId = UUID.fromString(Fixtures.awaitCase(brand));
        await().atMost(Fixtures.PATIENCE).until(() -> "HANDED_OFF".equals(ConversationHandoffTest.conversation(conv)
                .getString("state")));

        ScoredMention next = ConversationHandoffTest.turn(brand, conv, "2", false, "hello? anyone there?", -0.3,
                Distress.NONE, t0.plusSeconds(5));
        SqlConnection c = pool.getConnection().await().indefinitely();
        CompletableFuture<Response> resolve;
        try {
            Transaction tx = c.begin().await().indefinitely();
            // 1. The intake locks the conversation (and stores and assesses the turn): the turn joins the case.
            ConversationIntake.Decided decided = intake.assess(c, List.of(new CaseIntake.Arrival(next, Optional.empty(),
                    null)))
                    .await().indefinitely();
            assertThat(decided.arrivals()).hasSize(1);
            assertThat(decided.handoffs()).isEmpty();

            // 2. Meanwhile the agent resolves the case; it must wait for the conversation.
            resolve = CompletableFuture.supplyAsync(() -> given().header("Authorization", TestTokens.bearer("lead"))
                    .contentType(ContentType.JSON).body(Map.of("outcome", "ANSWERED"))
                    .post("/api/v1/cases/" + caseId + "/resolve").andReturn());
            await().atMost(Fixtures.PATIENCE).until(() -> waitingOnConversations() > 0 || resolve.isDone());

            // 3. The intake writes the case it joins, as the case upsert does, and commits: no deadlock, no wait on the
            // resolve (which has not touched the case).
            c.preparedQuery(
                    "update cases set updated_at = $2, version = version + 1 where id = $1 and status <> 'RESOLVED'")
                    .execute(Tuple.of(caseId, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)))
                    .await().atMost(java.time.Duration.ofSeconds(30));
            tx.commit().await().indefinitely();
        } finally {
            c.close().await().indefinitely();
        }

        // 4. The resolve goes on after the intake's commit and succeeds on the case as the intake left it.
        Response r = resolve.get(Fixtures.PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.jsonPath().getString("status")).isEqualTo("RESOLVED");
        io.restassured.path.json.JsonPath view = ConversationHandoffTest.conversation(conv);
        assertThat(view.getString("state")).isEqualTo("RESOLVED");
        assertThat(view.getString("endReason")).isEqualTo("resolved");
        // The intake's transaction committed too: the turn it stored is in the transcript.
        assertThat(view.getList("transcript.turnId")).containsExactly("1", "2");
    }
}
