package io.earshot.escalation.conversations;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.ConversationRef;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.cases.CaseIntake;
import io.earshot.escalation.rules.Decision;
import io.earshot.escalation.rules.RuleEngine;
import io.earshot.platform.db.SqlValues;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The conversation turns of a scored batch, inside the case intake's transaction (docs/conversations.md): stores the
 * turns once, locks the batch's conversations (row locks in id order), assesses each one's trajectory over its turns
 * since the last hand-off ended ({@link TrajectoryAssessor}) and, when a conversation still with the bot crosses its
 * threshold, decides the hand-off: the turn that crossed opens (or joins) the conversation's case, whose merge key is
 * the conversation (thread root = conversation id, author = the customer), so replays and replicas never make two. While
 * a human has the conversation, its new turns join that case. After the cases are written, {@link #handedOff} marks the
 * conversations handed off and queues the signed {@code conversation.handoff} webhooks in the same transaction.
 */
@ApplicationScoped
public class ConversationIntake {
    public static final String RULE = "builtin:conversation-handoff";
    public static final String EVENT_HANDOFF = "conversation.handoff";
    public static final String EVENT_ENDED = "conversation.handoff.ended";

    private static final String ENSURE = """
            insert into conversations (id, brand, channel, customer_handle)
            select * from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as text[]), cast($4 as text[]))
                     as k(id, brand, channel, customer_handle)
             order by brand, id
            on conflict (brand, id) do nothing""";
    private static final String LOCK = """
            select c.id, c.brand, c.channel, c.customer_handle, c.state, c.case_id, c.reset_at
              from conversations c join unnest(cast($1 as text[]), cast($2 as text[])) as k(id, brand)
                on c.id = k.id and c.brand = k.brand
             order by c.brand, c.id for update of c""";
    private static final String TURNS_IN = """
            insert into conversation_turns (conversation_id, turn_id, mention_id, speaker, at, payload, brand)
            select * from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as uuid[]), cast($4 as text[]),
                                 cast($5 as timestamptz[]), cast($6 as text[]), cast($7 as text[]))
                     as t(conversation_id, turn_id, mention_id, speaker, at, payload, brand)
             order by brand, conversation_id, turn_id
            on conflict do nothing
            returning mention_id""";
    private static final String TURNS = """
            select t.brand, t.conversation_id, t.turn_id, t.at, t.payload
              from conversation_turns t join unnest(cast($1 as text[]), cast($2 as text[])) as k(id, brand)
                on t.conversation_id = k.id and t.brand = k.brand
             order by t.brand, t.conversation_id, t.at, t.turn_id""";
    private static final String ASSESSED = """
            update conversations c set assessment = k.assessment, score = k.score, seq = c.seq + 1, updated_at = $4
              from unnest(cast($1 as text[]), cast($2 as text[]), cast($3 as float8[]), cast($5 as text[]))
                   as k(id, assessment, score, brand)
             where c.id = k.id and c.brand = k.brand""";
    private static final String CASES = "select mention_id, case_id from case_mentions where mention_id = any($1)";
    private static final String HANDED_OFF = """
            update conversations c set state = 'HANDED_OFF', case_id = k.case_id, handoff_turn_id = k.turn_id,
                   handoff_at = $4, ended_at = null, end_reason = null, seq = c.seq + 1, updated_at = $4
              from unnest(cast($1 as text[]), cast($2 as uuid[]), cast($3 as text[]), cast($5 as text[]))
                   as k(id, case_id, turn_id, brand)
             where c.id = k.id and c.brand = k.brand""";
    private static final String WEBHOOKS = """
            insert into webhook_deliveries (id, endpoint_id, event, event_key, payload)
            select gen_random_uuid(), e.id, $1, k.event_key, case when e.format = 'slack' then k.slack else k.event end
              from unnest(cast($2 as text[]), cast($3 as text[]), cast($4 as text[])) with ordinality as k(event_key, slack, event, ord)
              join webhook_endpoints e on e.enabled and (',' || e.events || ',') like '%,' || $1 || ',%'
             order by k.ord, e.id
            on conflict (endpoint_id, event_key) do nothing""";

    /** A conversation crossing its threshold in this batch, before its case is known. */
    public record Handoff(String conversationId, String brand, String channel, String customer, UUID triggerMention,
            String turnId, String queue, TrajectoryAssessor.Assessment assessment) {}

    /** What a batch's conversations decided: the turns that open or join cases, and the new hand-offs. */
    public record Decided(List<CaseIntake.Arrival> arrivals, List<Handoff> handoffs) {
        public static final Decided NONE = new Decided(List.of(), List.of());
    }

    private final TrajectoryAssessor assessor = new TrajectoryAssessor();
    private final HandoffSettings settings;
    private final Clock clock;

    public ConversationIntake(HandoffSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the scored mention is a conversation turn (it then skips the rules: the assessment decides). */
    public static boolean isTurn(ScoredMention scored) {
        return scored.mention().conversation() != null && scored.mention().conversation().id() != null;
    }

    /** Stores and assesses the batch's turns (in the caller's transaction); what opens or joins a case. */
    public Uni<Decided> assess(SqlConnection c, List<CaseIntake.Arrival> turns) {
        if (turns.isEmpty()) {
            return Uni.createFrom().item(Decided.NONE);
        }
        // A conversation is (brand, id): two brands may use the same id (docs/conversations.md).
        Map<String, Mention> first = new TreeMap<>();
        turns.forEach(a -> first.putIfAbsent(key(a.scored().mention()), a.scored().mention()));
        String[] ids = first.values().stream().map(m -> m.conversation().id()).toArray(String[]::new);
        String[] brands = first.values().stream().map(Mention::brand).toArray(String[]::new);
        String[] channels = first.values().stream().map(m -> m.conversation().channel()).toArray(String[]::new);
        String[] handles = first.values().stream().map(m -> m.author() == null ? null : m.author().handle())
                .toArray(String[]::new);
        Instant now = clock.instant();
        // The four statements go out together (pipelined on the connection: one round trip, which is what a turn's
        // hand-off latency is made of on a busy machine); the server runs them in order, so the lock is held before
        // the turns are stored and the transcript read includes them.
        return Uni.combine().all().unis(
                c.preparedQuery(ENSURE).execute(Tuple.of(ids, brands, channels, handles)),
                c.preparedQuery(LOCK).execute(Tuple.of(ids, brands)),
                c.preparedQuery(TURNS_IN).execute(turnRows(turns)),
                c.preparedQuery(TURNS).execute(Tuple.of(ids, brands))).asTuple()
                .chain(done -> {
                    Set<UUID> fresh = new HashSet<>();
                    done.getItem3().forEach(r -> fresh.add(r.getUUID("mention_id")));
                    return decide(c, done.getItem2(), done.getItem4(), turns, fresh, now);
                });
    }

    private Uni<Decided> decide(SqlConnection c, Iterable<Row> conversations, Iterable<Row> turnRows,
            List<CaseIntake.Arrival> batch, Set<UUID> fresh, Instant now) {
        Map<String, List<ScoredMention>> transcripts = new HashMap<>();
        for (Row r : turnRows) {
            transcripts.computeIfAbsent(key(r.getString("brand"), r.getString("conversation_id")),
                    k -> new ArrayList<>())
                    .add(EventCodec.decode(r.getString("payload"), ScoredMention.class));
        }
        Map<String, List<CaseIntake.Arrival>> batchTurns = new HashMap<>();
        batch.forEach(a -> batchTurns.computeIfAbsent(key(a.scored().mention()), k -> new ArrayList<>()).add(a));
        List<CaseIntake.Arrival> arrivals = new ArrayList<>();
        List<Handoff> handoffs = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> brands = new ArrayList<>();
        List<String> assessments = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        for (Row conv : conversations) {
            String id = conv.getString("id");
            String brand = conv.getString("brand");
            String channel = conv.getString("channel");
            String customer = conv.getString("customer_handle");
            OffsetDateTime reset = conv.getOffsetDateTime("reset_at");
            List<ScoredMention> all = transcripts.getOrDefault(key(brand, id), List.of()).stream()
                    .filter(s -> reset == null || s.mention().createdAt().isAfter(reset.toInstant())).toList();
            TrajectoryAssessor.Assessment a = assessor.assess(all.stream().map(ConversationIntake::turn).toList(),
                    settings.thresholdFor(brand, channel), brand, customer);
            ids.add(id);
            brands.add(brand);
            assessments.add(EventCodec.mapper().valueToTree(a).toString());
            scores.add(a.score());
            List<CaseIntake.Arrival> mine = batchTurns.getOrDefault(key(brand, id), List.of()).stream()
                    .filter(t -> fresh.contains(t.scored().mention().id())).toList();
            if ("HANDED_OFF".equals(conv.getString("state"))) {
                Decision d = decision(null, a);
                mine.forEach(t -> arrivals.add(new CaseIntake.Arrival(t.scored(), java.util.Optional.of(d), t
                        .traceId())));
            } else if (a.handOff()) {
                ScoredMention trigger = all.get(a.triggerIndex());
                Decision d = decision(trigger, a);
                String trace = mine.stream().filter(t -> t.scored().mention().id().equals(trigger.mention().id()))
                        .map(CaseIntake.Arrival::traceId).findFirst().orElse(null);
                arrivals.add(new CaseIntake.Arrival(trigger, java.util.Optional.of(d), trace));
                Set<UUID> before = new HashSet<>();
                for (int i = 0; i <= a.triggerIndex(); i++) {
                    before.add(all.get(i).mention().id());
                }
                mine.stream().filter(t -> !before.contains(t.scored().mention().id()))
                        .forEach(t -> arrivals.add(new CaseIntake.Arrival(t.scored(), java.util.Optional.of(d), t
                                .traceId())));
                handoffs.add(new Handoff(id, brand, channel, customer, trigger.mention().id(),
                        trigger.mention().conversation().turnId(), d.queue(), a));
            }
        }
        return c.preparedQuery(ASSESSED).execute(Tuple.of(ids.toArray(String[]::new), assessments.toArray(
                String[]::new),
                scores.toArray(Double[]::new), SqlValues.utc(now), brands.toArray(String[]::new)))
                .replaceWith(new Decided(arrivals, handoffs));
    }

    /** The hand-off's case decision: the distress lane (P1, never auto-answered) for distress, else the hand-off queue. */
    private Decision decision(ScoredMention trigger, TrajectoryAssessor.Assessment a) {
        boolean distress = a.signals().stream().anyMatch(s -> s.kind().equals(TrajectoryAssessor.DISTRESS))
                || trigger != null && trigger.scores().distress().present();
        String reason = "conversation hand-off: " + a.summary();
        if (reason.length() > 1000) {
            reason = reason.substring(0, 997) + "...";
        }
        return distress
                ? new Decision(RuleEngine.DISTRESS_QUEUE, RULE, null, "P1", reason, true)
                : new Decision(settings.queue(), RULE, null, settings.band(), reason, false);
    }

    /**
     * After the cases were written (same transaction): marks the new hand-offs with their cases and queues the
     * {@code conversation.handoff} webhook of each, one delivery per subscribed endpoint and hand-off.
     */
    public Uni<Boolean> handedOff(SqlConnection c, List<Handoff> handoffs) {
        if (handoffs.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        UUID[] triggers = handoffs.stream().map(Handoff::triggerMention).toArray(UUID[]::new);
        Instant now = clock.instant();
        return c.preparedQuery(CASES).execute(Tuple.of((Object) triggers)).chain(rows -> {
            Map<UUID, UUID> caseOf = new HashMap<>();
            rows.forEach(r -> caseOf.put(r.getUUID("mention_id"), r.getUUID("case_id")));
            List<Handoff> done = handoffs.stream().filter(h -> caseOf.containsKey(h.triggerMention())).toList();
            if (done.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            String[] ids = done.stream().map(Handoff::conversationId).toArray(String[]::new);
            UUID[] cases = done.stream().map(h -> caseOf.get(h.triggerMention())).toArray(UUID[]::new);
            String[] turnIds = done.stream().map(Handoff::turnId).toArray(String[]::new);
            String[] brands = done.stream().map(Handoff::brand).toArray(String[]::new);
            List<String> keys = new ArrayList<>();
            List<String> slack = new ArrayList<>();
            List<String> events = new ArrayList<>();
            for (int i = 0; i < done.size(); i++) {
                Handoff h = done.get(i);
                ObjectNode data = handoffData(h, cases[i], now);
                keys.add("handoff:" + h.conversationId() + ":" + cases[i]);
                events.add(event(EVENT_HANDOFF, data));
                slack.add(slack(":raising_hand: Conversation " + h.conversationId() + " (" + h.brand() + ", "
                        + h.channel() + ") handed to a human in queue " + h.queue() + ", case " + cases[i],
                        h.assessment().summary()));
            }
            return Uni.combine().all().unis( // pipelined, in this order
                    c.preparedQuery(HANDED_OFF).execute(Tuple.from(new Object[]{ids, cases, turnIds, SqlValues.utc(now),
                            brands})),
                    webhooks(c, EVENT_HANDOFF, keys, slack, events)).discardItems().replaceWith(true);
        });
    }

    /** Queues one event per key for every enabled endpoint subscribed to {@code event}, on the caller's connection. */
    public static Uni<Void> webhooks(io.vertx.mutiny.sqlclient.SqlClient c, String event, List<String> keys,
            List<String> slack, List<String> events) {
        return c.preparedQuery(WEBHOOKS).execute(Tuple.of(event, keys.toArray(String[]::new), slack.toArray(
                String[]::new),
                events.toArray(String[]::new))).replaceWithVoid();
    }

    static ObjectNode handoffData(Handoff h, UUID caseId, Instant now) {
        ObjectNode data = EventCodec.mapper().createObjectNode();
        data.put("conversationId", h.conversationId()).put("brand", h.brand()).put("channel", h.channel())
                .put("customerHandle", h.customer()).put("state", "HANDED_OFF").put("caseId", caseId.toString())
                .put("queue", h.queue()).put("turnId", h.turnId()).put("at", now.toString());
        data.set("assessment", EventCodec.mapper().valueToTree(h.assessment()));
        data.put("suggestedOpening", h.assessment().suggestedOpening());
        return data;
    }

    static String event(String event, ObjectNode data) {
        ObjectNode root = EventCodec.mapper().createObjectNode().put("event", event);
        root.set("data", data);
        return root.toString();
    }

    static String slack(String headline, String details) {
        ObjectNode root = EventCodec.mapper().createObjectNode().put("text", headline + ": " + details);
        ObjectNode section = root.putArray("blocks").addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", "*" + headline + "*\n" + details);
        return root.toString();
    }

    private static Tuple turnRows(List<CaseIntake.Arrival> turns) {
        int n = turns.size();
        String[] conv = new String[n];
        String[] turn = new String[n];
        UUID[] mention = new UUID[n];
        String[] speaker = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] payload = new String[n];
        String[] brand = new String[n];
        for (int i = 0; i < n; i++) {
            Mention m = turns.get(i).scored().mention();
            ConversationRef ref = m.conversation();
            conv[i] = ref.id();
            turn[i] = ref.turnId();
            mention[i] = m.id();
            speaker[i] = ref.speaker() == null ? ConversationRef.Speaker.customer.name() : ref.speaker().name();
            at[i] = SqlValues.utc(m.createdAt());
            payload[i] = EventCodec.encode(turns.get(i).scored());
            brand[i] = m.brand();
        }
        return Tuple.from(new Object[]{conv, turn, mention, speaker, at, payload, brand});
    }

    /** A conversation's key within a batch: its brand and id (the brand has no U+001F). */
    static String key(Mention m) {
        return key(m.brand(), m.conversation().id());
    }

    static String key(String brand, String id) {
        return brand + "\u001f" + id;
    }

    static TrajectoryAssessor.Turn turn(ScoredMention s) {
        return new TrajectoryAssessor.Turn(s.mention().conversation().turnId(), s.mention().fromBot(), s.mention()
                .text(),
                s.scores());
    }
}
