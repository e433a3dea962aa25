package io.earshot.escalation.crisis;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.contracts.events.CrisisAlert.Spread;
import io.earshot.escalation.dashboard.LiveEvents;
import io.earshot.escalation.risk.AlertExplainer;
import io.earshot.escalation.sourcehealth.SourceAlertStore;
import io.earshot.escalation.windows.Band;
import io.earshot.escalation.windows.Bucket;
import io.earshot.escalation.windows.WindowStore;
import io.earshot.platform.redis.RedisSettings;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs the {@link CrisisDetector} over the Redis windows, so that it sees every replica's mentions. Every
 * {@code tick}, the replica holding the Redis lease {@code cr:leader} feeds each active stream's minutes that have
 * closed ({@code grace} after their end, by the {@link CrisisClock}) to the detector, in order, with their organic
 * volume and negatives; stores what it concludes (one crisis per stream, {@link CrisisStore}), adds who, how fast and
 * from where to each alert, publishes each closed minute (with what the detector expected of it, also kept in
 * the minute's window) on the live stream, and relays the alert outbox. A replica
 * that takes the lease starts a fresh detector: it relearns from the retained minute windows and continues the crises
 * stored as open.
 */
@ApplicationScoped
public class CrisisMonitor {
    private static final Logger LOG = Logger.getLogger(CrisisMonitor.class);

    /** A closed minute of a stream, as the live stream shows it. */
    public record WindowUpdate(String stream, String brand, String topic, Bucket minute, boolean inCrisis) {}

    /** Minutes of a catch-up that still go to the live stream (the dashboard charts an hour). */
    static final int LIVE_MINUTES = 60;

    private final WindowStore windows;
    private final AlertExplainer explainer;
    private final CrisisStore store;
    private final AlertRelay relay;
    private final LiveEvents live;
    private final CrisisClock clock;
    private final CrisisSettings settings;
    /** Source-silent alerts: their brands' minutes are low-coverage, not judged (a field: the constructor stays as is). */
    @jakarta.inject.Inject
    SourceAlertStore sourceAlerts;
    private final Vertx vertx;
    private final String leaderKey;
    private final boolean enabled;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicBoolean running = new AtomicBoolean();
    private final Map<String, Long> processed = new HashMap<>();
    private CrisisDetector detector;
    private boolean leader;
    private boolean adopted;
    private long timer = -1;

    public CrisisMonitor(WindowStore windows, AlertExplainer explainer, CrisisStore store, AlertRelay relay,
            LiveEvents live, CrisisClock clock,
            CrisisSettings settings, Vertx vertx, RedisSettings redisSettings) {
        this.windows = windows;
        this.explainer = explainer;
        this.store = store;
        this.relay = relay;
        this.live = live;
        this.clock = clock;
        this.settings = settings;
        this.vertx = vertx;
        this.leaderKey = redisSettings.keyPrefix() + "cr:leader";
        this.enabled = settings.monitorEnabled();
    }

    void start(@Observes StartupEvent ev) {
        if (enabled) {
            timer = vertx.setPeriodic(settings.tick().toMillis(), id -> tick());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass, unless the previous one is still running. */
    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Uni.createFrom().deferred(this::runOnce).runSubscriptionOn(SafeContext.current(vertx))
                .subscribe().with(ok -> running.set(false), e -> {
                    running.set(false);
                    LOG.warnf("crisis monitor pass failed (retried next tick): %s", e.toString());
                });
    }

    Uni<Void> runOnce() {
        return lease().flatMap(lead -> {
            if (!lead) {
                leader = false;
                return Uni.createFrom().voidItem();
            }
            if (!leader) { // (re)gained the lease: start over from what Redis and PostgreSQL hold
                detector = new CrisisDetector(settings.detector());
                processed.clear();
                adopted = false;
                leader = true;
            }
            return detect().flatMap(v -> relay.relay()).replaceWithVoid();
        });
    }

    /** Takes or renews the monitor lease (three ticks long). */
    private Uni<Boolean> lease() {
        String ttl = String.valueOf(settings.tick().multipliedBy(3).toMillis());
        return windows.batch(List.of(Request.cmd(Command.SET).arg(leaderKey).arg(instance).arg("NX").arg("PX").arg(ttl),
                Request.cmd(Command.GET).arg(leaderKey)))
                .flatMap(r -> {
                    boolean mine = r.get(1) != null && instance.equals(r.get(1).toString());
                    if (!mine || r.get(0) != null) {
                        return Uni.createFrom().item(mine);
                    }
                    return windows.batch(List.of(Request.cmd(Command.PEXPIRE).arg(leaderKey).arg(ttl))).replaceWith(
                            true);
                });
    }

    private Uni<Void> detect() {
        long closed = clock.instant().minus(settings.grace()).getEpochSecond() / 60 - 1;
        long retained = windows.minuteRetention().toMinutes();
        Uni<Void> adopt = adopted ? Uni.createFrom().voidItem() : store.openCrises().invoke(open -> {
            open.forEach(a -> detector.adopt(WindowStore.stream(a.brand(), a.topic()), a));
            adopted = true;
        }).replaceWithVoid();
        return adopt.flatMap(v -> sourceAlerts.coverage(java.time.Instant.ofEpochSecond((closed - retained) * 60)))
                .flatMap(coverage -> windows.activeStreams(closed - retained)
                        .flatMap(streams -> Multi.createFrom().iterable(new TreeMap<>(streams).entrySet())
                                .onItem().transformToUniAndConcatenate(e -> step(e.getKey(), e.getValue(), closed,
                                        retained, coverage))
                                .collect().asList().replaceWithVoid()));
    }

    private Uni<Void> step(String stream, long first, long closed, long retained, SourceAlertStore.Coverage coverage) {
        Long last = processed.get(stream);
        long from = last != null ? last + 1 : Math.max(first, closed - retained + 1);
        if (from > closed) {
            return Uni.createFrom().voidItem();
        }
        int slash = stream.indexOf('/');
        String brand = slash < 0 ? stream : stream.substring(0, slash);
        String topic = slash < 0 ? null : stream.substring(slash + 1);
        return windows.minutes(stream, from, closed).flatMap(buckets -> Multi.createFrom().iterable(buckets)
                .onItem().transformToUniAndConcatenate(b -> {
                    long minute = b.start().getEpochSecond() / 60;
                    processed.put(stream, minute);
                    Optional<CrisisAlert> alert = detector.observe(stream, b.start(), b.organicVolume(), b
                            .organicNegative(), List.of(),
                            m -> coverage.low(brand, m));
                    Optional<Band> band = detector.expected(stream);
                    boolean inCrisis = detector.open(stream).isPresent();
                    Uni<Void> stored = alert.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : enrich(stream, alert.get(), minute).flatMap(store::apply).invoke(s -> s.ifPresent(a -> LOG
                                    .infof("crisis %s %s for %s: %d mentions (expected %.1f), severity %s, %s", a.id(),
                                            a.state(), stream, a.volume(), a.baseline(), a.severity(), a.spread())))
                                    .replaceWithVoid();
                    Uni<Void> annotated = band.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : windows.annotate(stream, minute, band.get());
                    // Each judged minute goes to the live charts (a catch-up after a restart: its last hour only).
                    return stored.flatMap(x -> annotated).flatMap(x -> minute <= closed - LIVE_MINUTES
                            ? Uni.createFrom().voidItem()
                            : live.publish("window", brand, new WindowUpdate(stream, brand, topic,
                                    band.map(b::withExpected).orElse(b), inCrisis)));
                })
                .collect().asList().replaceWithVoid());
    }

    /**
     * Adds the window's samples, excluded volume, author spread, velocity, source mix and drivers to an alert, then its
     * top terms, authors and sources and its risk ({@link AlertExplainer}).
     */
    Uni<CrisisAlert> enrich(String stream, CrisisAlert alert, long minute) {
        long from = minute - settings.windowMinutes() + 1;
        return Uni.combine().all().unis(windows.minutes(stream, from, minute), windows.authors(stream, from, minute),
                samples(stream, from, minute)).asTuple().map(t -> {
                    List<Bucket> window = t.getItem1();
                    Map<String, Long> authors = t.getItem2();
                    long organic = window.stream().mapToLong(Bucket::organicVolume).sum();
                    long excluded = window.stream().mapToLong(Bucket::coordinated).sum();
                    long authored = authors.values().stream().mapToLong(Long::longValue).sum();
                    long top = authors.values().stream().sorted((a, b) -> Long.compare(b, a)).limit(5).mapToLong(
                            Long::longValue).sum();
                    double topShare = authored == 0 ? 0 : round((double) top / authored);
                    Spread spread = authored > 0 && topShare >= settings.outlierShare()
                            ? Spread.OUTLIER
                            : Spread.SYSTEMIC;
                    Map<String, Long> sources = new TreeMap<>();
                    Map<String, Double> emotions = new HashMap<>();
                    for (Bucket b : window) {
                        b.sources().forEach((k, v) -> sources.merge(k, v, Long::sum));
                        b.topEmotions().forEach((k, v) -> emotions.merge(k, v * b.organicVolume(), Double::sum));
                    }
                    long sourced = sources.values().stream().mapToLong(Long::longValue).sum();
                    Map<String, Double> mix = new LinkedHashMap<>();
                    sources.forEach((k, v) -> mix.put(k, round((double) v / Math.max(1, sourced))));
                    List<String> drivers = emotions.entrySet().stream()
                            .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(3).map(
                                    Map.Entry::getKey).toList();
                    double velocity = window.isEmpty() ? 0 : window.get(window.size() - 1).organicVolume();
                    List<UUID> samples = t.getItem3().isEmpty() ? alert.sampleMentionIds() : t.getItem3();
                    return new CrisisAlert(CrisisAlert.SCHEMA_VERSION, alert.id(), alert.brand(), alert.topic(), alert
                            .window(),
                            alert.volume(), alert.baseline(), alert.negativeShare(), alert.score(), alert.severity(),
                            samples,
                            alert.state(), alert.at(), null, null, null, null, null, null, null, alert.significance(),
                            null,
                            null, null, null)
                            .withContext(excluded, authors.size(), topShare, spread, velocity, mix, drivers);
                }).flatMap(a -> explainer.explain(stream, a, from, minute));
    }

    /** Up to ten sample mention ids of the window, newest minute first. */
    private Uni<List<UUID>> samples(String stream, long from, long to) {
        List<Uni<List<UUID>>> reads = new ArrayList<>();
        for (long m = to; m >= from; m--) {
            reads.add(windows.samples(stream, m));
        }
        return Uni.join().all(reads).andFailFast()
                .map(l -> l.stream().flatMap(List::stream).distinct().limit(10).toList());
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
