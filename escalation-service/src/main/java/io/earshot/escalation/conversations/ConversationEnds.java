package io.earshot.escalation.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.platform.db.Sql;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The end of a hand-off, in the transaction of the change that ends it: the agent resolves the case ({@code resolved})
 * or hands the conversation back to the bot ({@code returned_to_bot}). The conversation leaves HANDED_OFF (so the end
 * is reported once), its assessment starts afresh after this moment, and a signed {@code conversation.handoff.ended}
 * webhook is queued for the bot platform.
 */
@ApplicationScoped
public class ConversationEnds {
    private static final String END = Sql.hibernate("""
            update conversations set state = $2, ended_at = $3, reset_at = $3, end_reason = $4, seq = seq + 1,
                   updated_at = $3
             where case_id = $1 and state = 'HANDED_OFF'
            returning id, brand, channel, customer_handle""");
    private static final String WEBHOOKS = Sql.hibernate("""
            insert into webhook_deliveries (id, endpoint_id, event, event_key, payload)
            select gen_random_uuid(), e.id, $1, $2, case when e.format = 'slack' then $3 else $4 end
              from webhook_endpoints e where e.enabled and (',' || e.events || ',') like '%,' || $1 || ',%'
             order by e.id
            on conflict (endpoint_id, event_key) do nothing""");

    private static final String LOCK = Sql.hibernate(
            "select id from conversations where case_id = $1 order by brand, id for update");

    /**
     * Locks the case's conversations (none: nothing) before anything of the case changes. The intake locks a
     * conversation and then writes its case; a change that ends a hand-off must take the same order (conversation,
     * then case), or it and a turn arriving at that moment wait for each other (a deadlock PostgreSQL breaks by
     * failing one of them). {@code ConversationLockOrderTest} runs the two at once.
     */
    public Uni<Void> lock(Mutiny.Session s, UUID caseId) {
        return s.createNativeQuery(LOCK, String.class).setParameter(1, caseId).getResultList().replaceWithVoid();
    }

    /** Ends the hand-off of the case's conversation, if it has one in progress; whether it had. */
    public Uni<Boolean> end(Mutiny.Session s, UUID caseId, String state, String reason, String actor, Instant now) {
        return s.createNativeQuery(END, Object[].class).setParameter(1, caseId).setParameter(2, state)
                .setParameter(3, io.earshot.platform.db.SqlValues.utc(now)).setParameter(4, reason).getResultList()
                .flatMap(rows -> rows.isEmpty()
                        ? Uni.createFrom().item(false)
                        : queue(s, rows, caseId, state, reason, actor, now));
    }

    private Uni<Boolean> queue(Mutiny.Session s, List<Object[]> rows, UUID caseId, String state, String reason,
            String actor,
            Instant now) {
        Object[] r = rows.get(0);
        ObjectNode data = EventCodec.mapper().createObjectNode();
        data.put("conversationId", (String) r[0]).put("brand", (String) r[1]).put("channel", (String) r[2])
                .put("customerHandle", (String) r[3]).put("state", state).put("reason", reason)
                .put("caseId", caseId.toString()).put("by", actor).put("at", now.toString());
        String event = ConversationIntake.event(ConversationIntake.EVENT_ENDED, data);
        String slack = ConversationIntake.slack(":robot_face: Conversation " + r[0] + " hand-off ended",
                reason.replace('_', ' ') + " by " + actor + ", case " + caseId);
        return s.createNativeQuery(WEBHOOKS).setParameter(1, ConversationIntake.EVENT_ENDED)
                .setParameter(2, "ended:" + r[0] + ":" + caseId + ":" + now.toEpochMilli()).setParameter(3, slack)
                .setParameter(4, event).executeUpdate().replaceWith(true);
    }
}
