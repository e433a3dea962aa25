package io.earshot.escalation.rules;

import io.earshot.contracts.events.ScoredMention;
import io.earshot.platform.http.Page;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "rules")
public class RuleResource {
    static final int DRY_RUN_DEFAULT = 200;
    static final int DRY_RUN_MAX = 5000;
    private static final String LIMIT_RULE = "must be between 1 and " + DRY_RUN_MAX;

    /** A dry run: {@code rule} (required) as if saved, replayed against the newest {@code limit} mentions. */
    public record DryRunRequest(@NotNull(message = "is required: the unsaved rule to replay") RuleRequest rule,
            @Min(value = 1, message = LIMIT_RULE) @Max(value = DRY_RUN_MAX, message = LIMIT_RULE) Integer limit,
            String brand) {}

    public record Outcome(String queue, String rule, Integer ruleVersion, String priority) {
        static Outcome of(Optional<Decision> d) {
            return d.map(x -> new Outcome(x.queue(), x.rule(), x.ruleVersion(), x.band())).orElse(null);
        }
    }

    public record DryRunItem(UUID mentionId, String brand, String source, Instant createdAt, Outcome current,
            Outcome proposed,
            boolean changed) {}

    /** {@code escalated}: how many would escalate with the proposed rules; {@code changed}: how many differ from now. */
    public record DryRun(int evaluated, int escalated, int changed, List<DryRunItem> items) {}

    private final RuleStore rules;
    private final RecentMentions recent;
    private final SecurityIdentity identity;
    private final io.earshot.escalation.scope.ScopeFilter scope;

    public RuleResource(RuleStore rules, RecentMentions recent, SecurityIdentity identity,
            io.earshot.escalation.scope.ScopeFilter scope) {
        this.scope = scope;
        this.rules = rules;
        this.recent = recent;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({Roles.LEAD, Roles.AGENT})
    @Operation(summary = "All rules in evaluation order (position, then name), as one page: {items, nextCursor: null}")
    public Uni<Page<Rule>> list() {
        return rules.list().map(Page::last);
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.LEAD, Roles.AGENT})
    @Operation(summary = "One rule at its current version")
    public Uni<Rule> get(@PathParam("id") UUID id) {
        return rules.get(id);
    }

    @GET
    @Path("{id}/versions")
    @RolesAllowed({Roles.LEAD, Roles.AGENT})
    @Operation(summary = "Every saved version of a rule, newest first, as one page: {items, nextCursor: null}")
    public Uni<Page<Rule>> versions(@PathParam("id") UUID id) {
        return rules.versions(id).map(Page::last);
    }

    @POST
    @RolesAllowed(Roles.LEAD)
    @Operation(summary = "Create a rule (version 1); 400 naming the invalid field, 409 when the name is taken")
    public Uni<Response> create(RuleRequest req) {
        required(req).validate("");
        return rules.create(req, actor()).map(r -> Response.created(UriBuilder.fromPath("/api/v1/rules/{id}").build(r
                .id())).entity(r)
                .build());
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.LEAD)
    @Operation(summary = "Save a new version of a rule (disable it with enabled=false)")
    public Uni<Rule> update(@PathParam("id") UUID id, RuleRequest req) {
        required(req).validate("");
        if (req.id() != null && !req.id().equals(id)) {
            throw ProblemException.badRequest("id", "names another rule than the path (" + id + ")");
        }
        return rules.update(id, req, actor());
    }

    @POST
    @Path("dry-run")
    @RolesAllowed(Roles.LEAD)
    @Operation(summary = "Replay the newest mentions against the rules with an unsaved rule added; shows what would escalate where")
    public Uni<DryRun> dryRun(
            @NotNull(message = "a JSON object with the rule to replay is required") @Valid DryRunRequest body) {
        int limit = body.limit() == null ? DRY_RUN_DEFAULT : body.limit();
        RuleRequest candidate = body.rule();
        candidate.validate("rule.");
        String brand = scope.brand(body.brand());
        var mine = scope.current();
        return rules.queueConfigured(candidate, "rule.").chain(rules::active).flatMap(current -> Panache.withSession(
                () -> Panache.getSession()
                        .flatMap(s -> recent.newest(s, brand, limit)))
                .map(mentions -> replay(current, candidate,
                        mentions.stream().filter(m -> mine.brand(m.mention().brand())).toList())));
    }

    static DryRun replay(List<Rule> current, RuleRequest candidate, List<ScoredMention> mentions) {
        List<Rule> proposed = candidate == null
                ? current
                : RuleStore.withCandidate(current, new Rule(null, candidate.name(), 0, candidate.positionOrDefault(),
                        candidate.enabledOrDefault(), candidate.definition(), null, null));
        List<DryRunItem> items = new ArrayList<>();
        int escalated = 0;
        int changed = 0;
        for (ScoredMention m : mentions) {
            Outcome now = Outcome.of(RuleEngine.decide(m, current));
            Outcome then = Outcome.of(RuleEngine.decide(m, proposed));
            boolean differs = !Objects.equals(key(now), key(then));
            escalated += then == null ? 0 : 1;
            changed += differs ? 1 : 0;
            if (now != null || then != null) {
                items.add(new DryRunItem(m.mention().id(), m.mention().brand(), m.mention().source(), m.mention()
                        .createdAt(),
                        now, then, differs));
            }
        }
        return new DryRun(mentions.size(), escalated, changed, items);
    }

    private static String key(Outcome o) {
        return o == null ? null : o.queue() + "/" + o.priority();
    }

    private static RuleRequest required(RuleRequest req) {
        if (req == null) {
            throw ProblemException.badRequest("body", "a rule is required");
        }
        return req;
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }
}
