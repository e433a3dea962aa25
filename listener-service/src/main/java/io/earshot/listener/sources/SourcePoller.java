package io.earshot.listener.sources;

import io.earshot.listener.ingest.IngestService;
import io.earshot.listener.ingest.MentionInput;
import io.earshot.listener.query.Query;
import io.earshot.listener.query.QueryParser;
import io.earshot.listener.sourcehealth.SourceHealthService;
import io.earshot.platform.outbound.OutboundException;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Polls due sources. Every tick claims the ACTIVE sources whose {@code next_poll_at} has come and starts each poll on
 * its own Vert.x context, independently: the tick never waits for a poll, so a slow or failing source never delays
 * another. A poll: fetch through the connector (with a timeout; every request takes a token from the source's and
 * its host's budget, see {@link RateLimiter}, and a poll without one is put off, not failed), filter by the source's
 * query, ingest through {@link IngestService} (dedup, redaction, outbox), then store the new cursor and counts; the
 * cursor is stored only after the batch was ingested, so a crash re-fetches rather than skips. Failures are recorded
 * as {@code lastError} with exponential backoff plus jitter, Retry-After honoured, and a circuit breaker that opens
 * after {@code breaker.failures} consecutive failures and lets one trial poll through after the cool-down.
 */
@ApplicationScoped
public class SourcePoller {
    private static final Logger LOG = Logger.getLogger(SourcePoller.class);

    private final SourceService sources;
    private final SourceStore store;
    private final IngestService ingest;
    private final SourceSettings settings;
    /** Told of every successful poll, to learn the source's normal gaps (a field: the constructor stays the tests'). */
    @jakarta.inject.Inject
    SourceHealthService health;
    /** Re-checks recent items for deletions where the service requires it (Reddit), after a successful poll. */
    @jakarta.inject.Inject
    DeletionRecheck deletions;
    private final Vertx vertx;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();
    private final Set<UUID> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean claiming = new AtomicBoolean();

    public SourcePoller(SourceService sources, SourceStore store, IngestService ingest, SourceSettings settings,
            Vertx vertx) {
        this.sources = sources;
        this.store = store;
        this.ingest = ingest;
        this.settings = settings;
        this.vertx = vertx;
        this.enabled = settings.schedulerEnabled();
    }

    @Scheduled(every = "${earshot.sources.tick}", delayed = "${earshot.sources.initial-delay}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (!enabled || !claiming.compareAndSet(false, true)) {
            return;
        }
        int free = settings.maxConcurrent() - inFlight.size();
        if (free <= 0) {
            claiming.set(false);
            return;
        }
        Instant now = clock.instant();
        SafeContext.onFresh(vertx, () -> store.claimDue(now, now.plus(settings.lease()), free)).subscribe().with(
                ids -> {
                    claiming.set(false);
                    ids.forEach(this::start);
                }, failure -> {
                    claiming.set(false);
                    LOG.warnf("could not claim due sources: %s", failure.getMessage());
                });
    }

    private void start(UUID id) {
        if (!inFlight.add(id)) {
            return;
        }
        SafeContext.onFresh(vertx, () -> pollOnce(id)).subscribe().with(ignored -> inFlight.remove(id), failure -> {
            inFlight.remove(id);
            LOG.warnf("could not record the poll of source %s: %s", id, failure.getMessage());
        });
    }

    /** Polls one source now (the scheduler's unit of work; tests call it through the scheduler only). */
    Uni<Void> pollOnce(UUID id) {
        return store.load(id).flatMap(s -> {
            if (s == null || !SourceEntity.ACTIVE.equals(s.status)) {
                return Uni.createFrom().voidItem();
            }
            return poll(s);
        });
    }

    private Uni<Void> poll(SourceEntity s) {
        Instant started = clock.instant();
        Context context = Vertx.currentContext();
        SourceKind kind = SourceKind.of(s.kind).orElseThrow();
        Connector connector = sources.connector(kind);
        java.util.Map<String, String> config = sources.readConfig(s.config);
        Duration interval = Duration.ofMillis(s.pollIntervalMs);
        int failures = s.consecutiveFailures;
        SourceConfig source;
        try {
            source = new SourceConfig(s.id, kind, s.brand, config, sources.readCredentials(s));
        } catch (SignInException e) {
            return store.stop(s.id, e.state(), started);
        }
        if (connector == null) {
            return store.recordFailure(s.id, "no connector for kind " + s.kind, started,
                    started.plus(settings.backoffMax()), failures + 1, null);
        }
        Query query = QueryParser.parse(s.query);
        // Politeness is per request, in SourceHttp: each request takes a token from the source's and its host's budget.
        return Uni.createFrom().deferred(() -> connector.poll(source, new Cursor(s.cursor)))
                .ifNoItem().after(settings.pollTimeout()).failWith(() -> new TimeoutException("poll timed out after "
                        + settings.pollTimeout()))
                .emitOn(SafeContext.on(context))
                .flatMap(batch -> ingest(batch, query))
                .flatMap(outcome -> store.recordSuccess(s.id, outcome, started, clock.instant().plus(interval))
                        .flatMap(v -> health.polled(s.id, outcome.accepted()))
                        .flatMap(v -> deletions.afterPoll(source, connector, context)).replaceWithVoid())
                .onFailure().recoverWithUni(e -> {
                    if (e instanceof BudgetWaitException b) {
                        // Not the source's failure: a budget (its own or its host's) has no token yet.
                        LOG.debugf("poll of source %s (%s) put off: %s", s.id, s.kind, b.getMessage());
                        return store.defer(s.id, clock.instant().plus(b.retryAfter()));
                    }
                    SignInException refused = signIn(e, source.hasCredentials());
                    if (refused != null) {
                        LOG.infof("source %s (%s) stopped: %s", s.id, s.kind, refused.state());
                        return store.stop(s.id, refused.state(), started);
                    }
                    int n = failures + 1;
                    Instant now = clock.instant();
                    Duration delay = delay(n, interval, e);
                    Instant openUntil = n >= settings.breakerFailures() ? now.plus(settings.breakerCoolDown()) : null;
                    Instant next = now.plus(delay);
                    if (openUntil != null && openUntil.isAfter(next)) {
                        next = openUntil;
                    }
                    LOG.infof("poll of source %s (%s) failed %d time(s) in a row, next at %s: %s", s.id, s.kind, n,
                            next, describe(e));
                    return store.recordFailure(s.id, publicError(e), started, next, n, openUntil);
                });
    }

    private Uni<SourceStore.Outcome> ingest(Batch batch, Query query) {
        List<MentionInput> matched = new ArrayList<>();
        List<List<String>> terms = new ArrayList<>();
        for (MentionInput item : batch.items()) {
            List<String> hit = query.match(item.text());
            if (hit != null) {
                matched.add(item);
                terms.add(hit);
            }
        }
        if (matched.isEmpty()) {
            return Uni.createFrom().item(new SourceStore.Outcome(batch.items().size(), 0, 0, 0, 0, batch.nextCursor()));
        }
        return ingest.ingest(matched, terms, null, null).map(r -> new SourceStore.Outcome(batch.items().size(),
                matched.size(), r.accepted(), r.duplicates(), r.optedOut(), batch.nextCursor()));
    }

    /**
     * A refused sign-in, which is not retried: the connector's own {@link SignInException}, or a 401/403 from the
     * source ("login required" without credentials, "credentials rejected" with them); null for anything else.
     */
    static SignInException signIn(Throwable e, boolean withCredentials) {
        if (e instanceof SignInException s) {
            return s;
        }
        if (e instanceof SourceHttpException h && (h.status() == 401 || h.status() == 403)) {
            return SignInException.forStatus(h.status(), withCredentials);
        }
        return null;
    }

    /**
     * The wait before the next poll after {@code failures} consecutive failures: exponential backoff with "equal
     * jitter" (half fixed, half random), never shorter than the poll interval nor than the source's Retry-After.
     */
    Duration delay(int failures, Duration interval, Throwable e) {
        long initial = settings.backoffInitial().toMillis();
        long max = settings.backoffMax().toMillis();
        long exp = failures >= 31 ? max : Math.min(max, initial << Math.min(30, failures - 1));
        long jittered = exp / 2 + ThreadLocalRandom.current().nextLong(exp / 2 + 1);
        long ms = Math.max(jittered, interval.toMillis());
        if (e instanceof SourceHttpException h && h.retryAfter() != null) {
            ms = Math.max(ms, h.retryAfter().toMillis());
        }
        return Duration.ofMillis(ms);
    }

    /**
     * What the source's lastError says: generic on purpose ("refused: internal address" or "fetch failed"), so an
     * API user cannot learn status codes, timings or parse errors of what answered (a port-scan oracle); the
     * detailed reason ({@link #describe}) goes to the log only.
     */
    static String publicError(Throwable e) {
        return OutboundException.publicMessage(e);
    }

    /** The detailed reason of a failed poll, for the log. */
    static String describe(Throwable e) {
        String text;
        if (e instanceof SourceHttpException || e instanceof MalformedPayloadException
                || e instanceof OutboundException) {
            text = e.getMessage();
        } else if (e instanceof TimeoutException || e instanceof HttpTimeoutException) {
            text = "timed out: " + e.getMessage();
        } else if (e instanceof java.net.ConnectException || e.getCause() instanceof java.net.ConnectException) {
            text = "connection failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null
                    || root instanceof java.util.concurrent.CompletionException)) {
                root = root.getCause();
            }
            text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
