package io.earshot.escalation.console;

import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.approvals.ReplyService;
import io.earshot.escalation.cases.CaseEntity;
import io.earshot.escalation.cases.CaseEvents;
import io.earshot.escalation.cases.CaseQueries;
import io.earshot.escalation.cases.CaseResource;
import io.earshot.escalation.cases.CaseView;
import io.earshot.escalation.cases.CaseWork;
import io.earshot.escalation.conversations.ConversationResource;
import io.earshot.escalation.conversations.ReturnToBot;
import io.earshot.escalation.queues.QueueConfig;
import io.earshot.escalation.queues.QueueService;
import io.earshot.escalation.scope.ScopeFilter;
import io.earshot.platform.http.Page;
import io.earshot.platform.security.Roles;
import io.earshot.platform.security.Scope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The agent console: the unresolved cases of every queue by priority and SLA due, and a case page with its full
 * context and the work on it. Every action goes through {@link CaseWork} / {@link ReplyService} with the same role
 * rules as the API ({@link CaseResource}, {@code ReplyResource}): agents and leads work cases, comms reads, leads
 * approve replies; other roles get the 403 page. Every action is a form post (the buttons too, with an empty form):
 * another body type is refused (415) before anything changes.
 */
@Path("/ui/console")
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
    /** Unresolved cases shown per status (open, claimed); the list says when there are more. */
    static final int LIMIT = 200;
    private static final Map<String, String> DONE = Map.of("claimed", "You claimed this case.", "handed-back",
            "The case is back in its queue.", "resolved", "The case is resolved.", "noted", "Note added.", "drafted",
            "Reply drafted.", "approved", "Reply approved.", "sent", "Reply marked sent.",
            "returned", "The conversation is back with the bot; the case is resolved.");

    public record Row(CaseView c, Instant due, String dueLabel, boolean mine) {
        public String who() {
            return c.authorHandle() != null ? c.authorHandle() : c.authorId() == null ? "unknown author" : c.authorId();
        }

        public String priorityText() {
            return ConsoleFormat.num(c.priority());
        }
    }

    public record QueueCount(String name, int open, int claimed, boolean selected) {}

    public record MentionView(ScoredMention scored, List<Highlighter.Segment> segments) {
        public String sentimentText() {
            return ConsoleFormat.num(scored.scores().sentiment());
        }

        public String urgencyText() {
            return ConsoleFormat.num(scored.scores().urgency());
        }

        public String distress() {
            var d = scored.scores().distress();
            return d == null || d.kind() == null
                    ? "none"
                    : d.kind().name().toLowerCase(Locale.ROOT)
                            + (d.confidence() > 0 ? " (" + ConsoleFormat.num(d.confidence()) + ")" : "");
        }
    }

    public record Factor(String name, String value) {}

    /** One signal of a conversation's assessment as the case page lists it. */
    public record SignalRow(String kind, String turnId, String weight, String detail) {}

    /**
     * The live conversation a hand-off case holds: the transcript (triggering turns marked), the assessment's signals
     * and summary, the suggested opening for the agent.
     */
    public record ConversationPanel(ConversationResource.ConversationView v, List<SignalRow> signals, String score,
            String threshold, String summary, String suggestedOpening) {
        public boolean handedOff() {
            return "HANDED_OFF".equals(v.state());
        }

        static ConversationPanel of(ConversationResource.ConversationView v) {
            com.fasterxml.jackson.databind.JsonNode a = v.assessment();
            List<SignalRow> signals = new ArrayList<>();
            if (a != null) {
                a.path("signals").forEach(sg -> signals.add(new SignalRow(sg.path("kind").asText(), sg.path("turnId")
                        .asText(),
                        ConsoleFormat.num(sg.path("weight").asDouble()), sg.path("detail").asText(null))));
            }
            return new ConversationPanel(v, signals, a == null ? "" : ConsoleFormat.num(a.path("score").asDouble()),
                    a == null ? "" : ConsoleFormat.num(a.path("threshold").asDouble()),
                    a == null ? null : a.path("summary").asText(null), a == null
                            ? null
                            : a.path("suggestedOpening").asText(null));
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance list(List<Row> rows, List<QueueCount> queues, int total, int mineCount,
                String queue, String brand, boolean mine, String sort, boolean truncated, boolean canWork);

        static native TemplateInstance detail(CaseView v, Row row, List<MentionView> mentions, List<Factor> factors,
                boolean canWork, boolean isLead, boolean holder, List<String> outcomes, String done,
                ConversationPanel conversation);
    }

    private final CaseQueries queries;
    private final CaseWork cases;
    private final ReplyService replies;
    private final QueueService queueService;
    private final CaseEvents events;
    private final SecurityIdentity identity;
    private final ScopeFilter scope;

    private final ReturnToBot handback;

    public ConsoleResource(CaseQueries queries, CaseWork cases, ReplyService replies, QueueService queueService,
            CaseEvents events, SecurityIdentity identity, ScopeFilter scope, ReturnToBot handback) {
        this.handback = handback;
        this.queries = queries;
        this.cases = cases;
        this.replies = replies;
        this.queueService = queueService;
        this.events = events;
        this.identity = identity;
        this.scope = scope;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS})
    public Uni<String> list(@QueryParam("queue") String queue, @QueryParam("brand") String brand,
            @QueryParam("mine") String mine, @QueryParam("sort") String sort) {
        boolean onlyMine = "true".equals(mine);
        boolean bySla = "sla".equals(sort);
        String me = actor();
        Scope granted = scope.current();
        return unresolved("OPEN", granted).flatMap(open -> unresolved("CLAIMED", granted).flatMap(
                claimed -> queueService.list().map(configs -> {
                    List<Row> all = Stream.concat(open.items().stream(), claimed.items().stream()).map(c -> row(c, me))
                            .sorted(bySla ? BY_SLA : BY_PRIORITY).toList();
                    Map<String, int[]> counts = new TreeMap<>();
                    configs.stream().map(QueueConfig::name).filter(granted::queue).forEach(n -> counts.put(n,
                            new int[2]));
                    for (Row r : all) {
                        counts.computeIfAbsent(r.c().queue(), n -> new int[2])["OPEN".equals(r.c().status()) ? 0 : 1]++;
                    }
                    List<QueueCount> queues = counts.entrySet().stream()
                            .map(e -> new QueueCount(e.getKey(), e.getValue()[0], e.getValue()[1], e.getKey().equals(
                                    queue)))
                            .toList();
                    List<Row> shown = all.stream().filter(r -> queue == null || queue.isEmpty() || queue.equals(r.c()
                            .queue()))
                            .filter(r -> brand == null || brand.isEmpty() || brand.equals(r.c().brand()))
                            .filter(r -> !onlyMine || r.mine()).toList();
                    int mineCount = (int) all.stream().filter(Row::mine).count();
                    boolean truncated = open.nextCursor() != null || claimed.nextCursor() != null;
                    return Templates.list(shown, queues, all.size(), mineCount, queue == null ? "" : queue,
                            brand == null ? "" : brand, onlyMine,
                            bySla ? "sla" : "priority", truncated, canWork()).render();
                })));
    }

    @GET
    @Path("cases/{id}")
    @RolesAllowed({Roles.AGENT, Roles.LEAD, Roles.COMMS})
    @WithSession
    public Uni<String> detail(@PathParam("id") UUID id, @QueryParam("done") String done) {
        String me = actor();
        return scope.requireCase(id).chain(() -> queries.get(id)).flatMap(v -> Panache.getSession()
                .flatMap(session -> ConversationResource.ofCase(session, id)).map(conv -> {
                    List<MentionView> mentions = v.mentions() == null
                            ? List.of()
                            : v.mentions().stream()
                                    .map(m -> new MentionView(m, Highlighter.segments(m.mention().text(), m.scores()
                                            .explanation())))
                                    .toList();
                    boolean holder = "CLAIMED".equals(v.status()) && (me.equals(v.assignee()) || lead());
                    return Templates.detail(v, row(v, me), mentions, factors(v), canWork(), lead(), holder,
                            CaseResource.OUTCOMES.stream().sorted().toList(), done == null ? null : DONE.get(done),
                            conv == null ? null : ConversationPanel.of(conv)).render();
                }));
    }

    /** Hands the case's live conversation back to the bot (the API's return-to-bot, same checks); the case is resolved. */
    @POST
    @Path("cases/{id}/return-to-bot")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> returnToBot(@PathParam("id") UUID id) {
        return back(id, "returned", handback.returnToBot(id, actor(), lead()));
    }

    @POST
    @Path("cases/{id}/claim")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> claim(@PathParam("id") UUID id) {
        return back(id, "claimed", cases.claim(id, actor()));
    }

    @POST
    @Path("cases/{id}/hand-back")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> handBack(@PathParam("id") UUID id) {
        return back(id, "handed-back", cases.handBack(id, actor(), lead()));
    }

    @POST
    @Path("cases/{id}/resolve")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resolve(@PathParam("id") UUID id, @FormParam("outcome") String outcome) {
        String o = outcome == null ? null : outcome.toUpperCase(Locale.ROOT);
        if (o == null || !CaseResource.OUTCOMES.contains(o)) {
            throw io.earshot.platform.http.ProblemException.badRequest("outcome", "choose one of "
                    + CaseResource.OUTCOMES);
        }
        return back(id, "resolved", cases.resolve(id, actor(), lead(), o));
    }

    @POST
    @Path("cases/{id}/notes")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> note(@PathParam("id") UUID id, @FormParam("body") String body) {
        return back(id, "noted", cases.addNote(id, actor(), lead(), CaseResource.text(body, "body")));
    }

    @POST
    @Path("cases/{id}/replies")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> draft(@PathParam("id") UUID id, @FormParam("body") String body,
            @FormParam("legal") String legal) {
        String text = CaseResource.text(body, "body");
        return back(id, "drafted", replies.draft(id, actor(), lead(), text, legal != null).map(
                ReplyService.Result::caseEntity));
    }

    @POST
    @Path("cases/{id}/replies/{replyId}/approve")
    @RolesAllowed(Roles.LEAD)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> approve(@PathParam("id") UUID id, @PathParam("replyId") UUID replyId) {
        return back(id, "approved", replies.approve(id, replyId, actor()).map(ReplyService.Result::caseEntity));
    }

    @POST
    @Path("cases/{id}/replies/{replyId}/sent")
    @RolesAllowed({Roles.AGENT, Roles.LEAD})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> sent(@PathParam("id") UUID id, @PathParam("replyId") UUID replyId) {
        return back(id, "sent", replies.markSent(id, replyId, actor(), lead()).map(ReplyService.Result::caseEntity));
    }

    /** After a change: its event is relayed at once (as the API does), and the browser goes back to the case (303). */
    private Uni<Response> back(UUID id, String done, Uni<CaseEntity> change) {
        return scope.requireCase(id).chain(() -> change).invoke(events::kick)
                .map(c -> Response.seeOther(URI.create("/ui/console/cases/" + id + "?done=" + done)).build());
    }

    private Uni<Page<CaseView>> unresolved(String status, Scope mine) {
        return queries.list(new CaseQueries.Filter(null, null, status, null, null, null), mine,
                CaseQueries.Sort.PRIORITY,
                null, LIMIT);
    }

    static final Comparator<Row> BY_PRIORITY = Comparator.comparingDouble((Row r) -> -r.c().priority())
            .thenComparing(Row::due, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(r -> r.c().id());
    static final Comparator<Row> BY_SLA = Comparator.comparing(Row::due, Comparator.nullsLast(Comparator
            .<Instant>naturalOrder()))
            .thenComparingDouble(r -> -r.c().priority())
            .thenComparing(r -> r.c().id());

    /** The next SLA clock of the case: acknowledge while unacknowledged, then resolve; none once resolved. */
    static Row row(CaseView c, String me) {
        boolean resolved = "RESOLVED".equals(c.status());
        Instant due = resolved ? null : c.acknowledgedAt() == null ? c.ackDueAt() : c.resolveDueAt();
        String label = resolved ? "" : c.acknowledgedAt() == null ? "acknowledge" : "resolve";
        return new Row(c, due, label, me.equals(c.assignee()));
    }

    static List<Factor> factors(CaseView v) {
        List<Factor> out = new ArrayList<>();
        if (v.priorityBreakdown() != null) {
            v.priorityBreakdown().properties().forEach(e -> out.add(new Factor(e.getKey(),
                    e.getValue().isNumber() ? ConsoleFormat.num(e.getValue().asDouble()) : e.getValue().asText())));
        }
        return out;
    }

    private boolean canWork() {
        return identity.hasRole(Roles.AGENT) || identity.hasRole(Roles.LEAD);
    }

    private boolean lead() {
        return identity.hasRole(Roles.LEAD);
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
