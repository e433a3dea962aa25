package io.earshot.listener.sourcehealth;

import static io.earshot.platform.db.SqlValues.instant;
import static io.earshot.platform.db.SqlValues.utc;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.SourceHealth;
import io.earshot.platform.http.ProblemException;
import io.earshot.platform.messaging.Messages;
import io.earshot.platform.vertx.SafeContext;
import io.opentelemetry.context.Context;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Learns each polled source's normal gaps between mentions and raises a "source silent" event on
 * {@code sources.health} when it goes quiet beyond them ({@link GapModel}) or its connector fails
 * {@code error-failures} polls in a row; the first poll that brings mentions again (or succeeds again, for errors)
 * clears it with a RECOVERED event of the same id. The poller reports every successful poll ({@link #polled}); every
 * {@code tick} one replica (a transaction-scoped advisory lock) judges the active sources (and, at once, those stopped by a refused sign-in) and writes state changes
 * with their events to an outbox in the same transaction; the relay deletes an event only after Kafka acknowledged it.
 * The long gap that ends a silent episode is not learned as normal.
 */
@ApplicationScoped
public class SourceHealthService {
    private static final Logger LOG = Logger.getLogger(SourceHealthService.class);
    private static final long JUDGE_LOCK = 0x534848_4A55L;
    private static final long RELAY_LOCK = 0x534848_524CL;
    static final String OK = "OK";
    static final String SILENT = "SILENT";

    /** A source's health as the API shows it ({@code typicalGap}, {@code silentAfter}: ISO-8601 durations). */
    public record View(UUID sourceId, String state, SourceHealth.Reason reason, UUID alertId, Instant since,
            Instant lastArrivalAt, long arrivals, int learnedGaps, boolean learning, String typicalGap,
            String silentAfter, Double arrivalsPerHour, int consecutiveFailures, String lastError) {}

    private final SourceHealthClock clock;
    private final MutinyEmitter<String> emitter;
    private final Vertx vertx;
    private final boolean enabled;
    private final int errorFailures;
    private final GapModel.Settings settings;
    private final AtomicBoolean running = new AtomicBoolean();

    public SourceHealthService(SourceHealthClock clock, @Channel("sources-health") MutinyEmitter<String> emitter,
            Vertx vertx,
            SourceHealthSettings config) {
        this.clock = clock;
        this.emitter = emitter;
        this.vertx = vertx;
        this.enabled = config.enabled();
        this.errorFailures = config.errorFailures();
        this.settings = config.gapModel();
    }

    /**
     * Records a successful poll that found {@code matched} mentions: an arrival (with its gap since the previous one,
     * unless the source was silent) when there were any. Never fails the poll: a failure is logged and costs one
     * arrival at most.
     */
    public Uni<Void> polled(UUID sourceId, int matched) {
        if (matched <= 0) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select last_arrival_at, gaps, state from source_health where source_id = ?1 for update",
                Object[].class)
                .setParameter(1, sourceId).getResultList()
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return s.createNativeQuery("""
                                insert into source_health (source_id, last_arrival_at, arrivals) values (?1, ?2, ?3)
                                on conflict (source_id) do nothing""")
                                .setParameter(1, sourceId).setParameter(2, utc(now)).setParameter(3, (long) matched)
                                .executeUpdate();
                    }
                    Object[] r = rows.get(0);
                    Instant last = instant(r[0]);
                    GapModel gaps = GapModel.parse((String) r[1]);
                    if (last != null && !SILENT.equals(r[2]) && now.isAfter(last)) {
                        gaps = gaps.with(Duration.between(last, now), settings.maxGaps());
                    }
                    return s.createNativeQuery("""
                            update source_health set last_arrival_at = ?2, gaps = ?3, arrivals = arrivals + ?4
                            where source_id = ?1""")
                            .setParameter(1, sourceId).setParameter(2, utc(now)).setParameter(3, gaps.format())
                            .setParameter(4, (long) matched).executeUpdate();
                })))
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("could not record the arrival of source %s: %s", sourceId, e.getMessage());
                    return null;
                });
    }

    @Scheduled(every = "${earshot.source-health.tick}", delayed = "${earshot.sources.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!enabled || !running.compareAndSet(false, true)) {
            return;
        }
        SafeContext.onFresh(vertx, () -> judge().flatMap(n -> relay())).subscribe().with(ok -> running.set(false),
                e -> {
                    running.set(false);
                    LOG.warnf("source health pass failed (retried next tick): %s", e.getMessage());
                });
    }

    /** Judges every active source once; answers the number of state changes. */
    Uni<Integer> judge() {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select pg_try_advisory_xact_lock(?1)", Boolean.class).setParameter(1, JUDGE_LOCK).getSingleResult()
                .flatMap(locked -> !locked
                        ? Uni.createFrom().item(0)
                        : s.createNativeQuery(
                                """
                                        select s.id, s.kind, s.brand, s.consecutive_failures, s.last_error, s.last_success_at, s.created_at,
                                               h.last_arrival_at, h.gaps, h.state, h.reason, h.alert_id, h.since, s.status
                                        from sources s left join source_health h on h.source_id = s.id
                                        where s.status in ('ACTIVE', 'STOPPED') order by s.id""",
                                Object[].class).getResultList()
                                .flatMap(rows -> Multi.createFrom().iterable(rows)
                                        .onItem().transformToUniAndConcatenate(r -> judgeOne(s, r, now))
                                        .collect().asList()
                                        .map(changed -> (int) changed.stream().filter(Boolean::booleanValue)
                                                .count())))));
    }

    private Uni<Boolean> judgeOne(Mutiny.Session s, Object[] r, Instant now) {
        UUID id = (UUID) r[0];
        int failures = ((Number) r[3]).intValue();
        Instant lastArrival = instant(r[7]);
        GapModel gaps = GapModel.parse((String) r[8]);
        boolean silent = SILENT.equals(r[9]);
        Duration silentAfter = gaps.silentAfter(settings);
        SourceHealth.Reason reason = null;
        if (failures >= errorFailures || "STOPPED".equals(r[13])) {
            // A refused sign-in stops the source at once; lastError names the cause ("credentials rejected: HTTP 401").
            reason = SourceHealth.Reason.ERRORS;
        } else if (silentAfter != null && lastArrival != null && Duration.between(lastArrival, now).compareTo(
                silentAfter) > 0) {
            reason = SourceHealth.Reason.QUIET;
        }
        if ((reason != null) == silent) {
            return Uni.createFrom().item(false);
        }
        UUID alertId = silent ? (UUID) r[11] : UUID.randomUUID();
        Instant since;
        SourceHealth.Reason told;
        if (silent) {
            since = instant(r[12]);
            told = r[10] == null ? null : SourceHealth.Reason.valueOf((String) r[10]);
        } else {
            Instant lastSuccess = instant(r[5]);
            since = reason == SourceHealth.Reason.QUIET
                    ? lastArrival
                    : lastSuccess != null ? lastSuccess : instant(r[6]);
            told = reason;
        }
        // The brand as mentions carry it (lower case), so that escalation marks the right windows.
        SourceHealth event = new SourceHealth(SourceHealth.SCHEMA_VERSION, alertId, id, (String) r[1],
                ((String) r[2]).toLowerCase(java.util.Locale.ROOT),
                silent ? SourceHealth.State.RECOVERED : SourceHealth.State.SILENT, told, since, lastArrival,
                silentAfter, failures, (String) r[4], now);
        LOG.infof("source %s (%s, %s) %s: %s", id, r[1], r[2], event.state(), told);
        return s.createNativeQuery(
                """
                        insert into source_health (source_id, state, reason, alert_id, since, changed_at) values (?1, ?2, ?3, ?4, ?5, ?6)
                        on conflict (source_id) do update set state = excluded.state, reason = excluded.reason,
                            alert_id = excluded.alert_id, since = excluded.since, changed_at = excluded.changed_at""")
                .setParameter(1, id).setParameter(2, silent ? OK : SILENT).setParameter(3, silent ? null : told.name())
                .setParameter(4, silent ? null : alertId).setParameter(5, silent ? null : utc(since))
                .setParameter(6, utc(now)).executeUpdate()
                .flatMap(n -> s.createNativeQuery(
                        "insert into source_health_outbox (source_id, payload) values (?1, ?2)")
                        .setParameter(1, id).setParameter(2, EventCodec.encode(event)).executeUpdate())
                .replaceWith(true);
    }

    /** Publishes the outbox in order, deleting each event once Kafka acknowledged it. */
    Uni<Integer> relay() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(s -> s.createNativeQuery(
                "select pg_try_advisory_xact_lock(?1)", Boolean.class).setParameter(1, RELAY_LOCK).getSingleResult()
                .flatMap(locked -> !locked
                        ? Uni.createFrom().item(List.<Object[]>of())
                        : s.createNativeQuery(
                                "select id, source_id, payload from source_health_outbox order by id limit 100",
                                Object[].class)
                                .getResultList())
                .flatMap(rows -> Multi.createFrom().iterable(rows)
                        .onItem().transformToUniAndConcatenate(r -> emitter.sendMessage(
                                Messages.keyed(r[1].toString(), (String) r[2], Context.current()))
                                .flatMap(v -> s.createNativeQuery("delete from source_health_outbox where id = ?1")
                                        .setParameter(1, r[0]).executeUpdate()))
                        .collect().asList().map(List::size))));
    }

    @WithSession
    public Uni<View> view(io.earshot.platform.security.Scope scope, UUID sourceId) {
        return Panache.getSession().flatMap(s -> s.createNativeQuery("""
                select s.consecutive_failures, s.last_error, h.last_arrival_at, h.gaps, h.state, h.reason, h.alert_id,
                       h.since, h.arrivals, lower(s.brand)
                from sources s left join source_health h on h.source_id = s.id where s.id = ?1""", Object[].class)
                .setParameter(1, sourceId).getResultList())
                .map(rows -> {
                    if (rows.isEmpty() || !scope.brand((String) rows.get(0)[9])) {
                        throw ProblemException.notFound("source " + sourceId);
                    }
                    Object[] r = rows.get(0);
                    GapModel gaps = GapModel.parse((String) r[3]);
                    return new View(sourceId, r[4] == null ? OK : (String) r[4],
                            r[5] == null ? null : SourceHealth.Reason.valueOf((String) r[5]), (UUID) r[6], instant(
                                    r[7]),
                            instant(r[2]), r[8] == null ? 0 : ((Number) r[8]).longValue(), gaps.gaps().length,
                            !gaps.learned(settings), iso(gaps.typicalGap()), iso(gaps.silentAfter(settings)), gaps
                                    .arrivalsPerHour(),
                            ((Number) r[0]).intValue(), (String) r[1]);
                });
    }

    private static String iso(Duration d) {
        return d == null ? null : d.toString();
    }
}
