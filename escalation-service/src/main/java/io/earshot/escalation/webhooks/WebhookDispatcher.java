package io.earshot.escalation.webhooks;

import io.earshot.escalation.crisis.CrisisSettings;
import io.earshot.platform.outbound.AddressPolicy;
import io.earshot.platform.outbound.OutboundException;
import io.earshot.platform.outbound.OutboundHttp;
import io.earshot.platform.vertx.SafeContext;
import io.earshot.platform.webhooks.WebhookSignature;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends due webhook deliveries. Each request carries {@code Earshot-Signature: t=<unix>,v1=<HMAC-SHA256(secret,
 * t + "." + body)>}, {@code Earshot-Delivery} (the delivery id, for the receiver's de-duplication) and
 * {@code Earshot-Event}. A 2xx answer marks the delivery DELIVERED; an error or another answer schedules the next
 * attempt after {@code backoff x 2^(attempt-1)} (capped at {@code earshot.webhooks.max-backoff}); after
 * {@code earshot.crisis.webhook-attempts} attempts it is FAILED (kept in the log). All state is in PostgreSQL, so a
 * restart resumes where the last process stopped. Requests go through the shared {@link OutboundHttp}: internal
 * addresses are refused unless {@code earshot.outbound.allow-list} names them, redirects are not followed, and a
 * failed attempt records only a generic error (no status code) in the delivery log.
 */
@ApplicationScoped
public class WebhookDispatcher {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    private final WebhookStore store;
    private final WebhookSettings settings;
    private final CrisisSettings crisis;
    private final Vertx vertx;
    /** Receivers' answers are read up to this size (their body is not used). */
    static final long MAX_ANSWER_BYTES = 64 * 1024;

    private final OutboundHttp client;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean again = new AtomicBoolean();
    private long timer = -1;

    public WebhookDispatcher(WebhookStore store, WebhookSettings settings, CrisisSettings crisis, Vertx vertx,
            @ConfigProperty(name = "earshot.outbound.allow-list") Optional<List<String>> allowList) {
        this.store = store;
        this.settings = settings;
        this.crisis = crisis;
        this.vertx = vertx;
        this.client = new OutboundHttp(vertx, AddressPolicy.allowing(allowList.orElse(List.of())), OutboundHttp.SYSTEM,
                new OutboundHttp.Options(crisis.webhookTimeout(), MAX_ANSWER_BYTES, 0, "Earshot-Webhooks/1"));
    }

    void start(@Observes StartupEvent ev) {
        List<String> urls = crisis.webhooks().orElse(List.of()).stream().filter(u -> !u.isBlank()).map(String::trim)
                .toList();
        String secret = configuredSecret(settings.secret(), urls, LaunchMode.current());
        Uni.createFrom().deferred(() -> store.registerConfigured(urls, secret))
                .runSubscriptionOn(SafeContext.current(vertx))
                .subscribe().with(v -> kick(), e -> LOG.errorf("configured webhooks not registered: %s", e.toString()));
        if (!settings.tick().isZero() && !settings.tick().isNegative()) {
            timer = vertx.setPeriodic(settings.tick().toMillis(), id -> kick());
        }
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        client.close();
    }

    /**
     * The signing secret of the configured endpoints: {@code EARSHOT_WEBHOOK_SECRET}. Without it a production start
     * with configured endpoints fails (a random secret per start would change every receiver's key on each restart,
     * issue #26); dev and test runs, or no configured endpoint, get a random one.
     */
    static String configuredSecret(Optional<String> secret, List<String> urls, LaunchMode mode) {
        Optional<String> given = secret.filter(x -> !x.isBlank());
        if (given.isPresent()) {
            return given.get();
        }
        if (!urls.isEmpty() && mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("EARSHOT_WEBHOOK_SECRET is empty but EARSHOT_CRISIS_WEBHOOKS names "
                    + urls.size() + " endpoint(s): set the secret the receivers verify signatures with");
        }
        return newSecret();
    }

    /** Whether a delivery to {@code uri} would be refused as internal (checked when an endpoint is created). */
    public Uni<Boolean> refuses(java.net.URI uri) {
        return client.refuses(uri);
    }

    /** A random 32-byte secret, hex. */
    static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return "whsec_" + HexFormat.of().formatHex(b);
    }

    /**
     * Sends what is due now. Up to {@code earshot.webhooks.passes} passes run at once: a pass waits for its slowest
     * receiver, and a delivery queued meanwhile (a conversation hand-off, right after its case transaction) must not
     * wait behind it. Passes never share a delivery (each claims its own rows, skip locked, with a lease). When all
     * are busy, one more pass follows as soon as one ends.
     */
    public void kick() {
        int n = running.get();
        while (n < settings.passes()) {
            if (running.compareAndSet(n, n + 1)) {
                // Each pass is an independent unit of work on a context of its own: passes kicked from one caller
                // (a consumer's batch context) would otherwise share its Hibernate Reactive session, and one pass's
                // commit ends the others' transaction ("Transaction already completed"), leaving their claimed rows
                // unsent until the lease runs out.
                Uni.createFrom().deferred(this::pass).runSubscriptionOn(SafeContext.fresh(vertx))
                        .subscribe().with(claimed -> done(claimed >= settings.batch()), e -> {
                            LOG.warnf("webhook pass failed (retried next tick): %s", e.toString());
                            done(false);
                        });
                return;
            }
            n = running.get();
        }
        again.set(true);
        if (running.get() < settings.passes() && again.compareAndSet(true, false)) {
            kick(); // a pass ended in between and did not see the flag
        }
    }

    private void done(boolean more) {
        running.decrementAndGet();
        if (more || again.getAndSet(false)) {
            kick();
        }
    }

    /** One pass: claims due deliveries and sends them concurrently; returns how many were claimed. */
    Uni<Integer> pass() {
        Duration lease = crisis.webhookTimeout().multipliedBy(3);
        return store.claim(settings.batch(), lease).flatMap(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(0)
                : Multi.createFrom().iterable(claimed).onItem().transformToUni(this::send).merge(8)
                        .collect().asList().map(l -> claimed.size()));
    }

    private Uni<Void> send(WebhookStore.Claimed d) {
        URI uri;
        try {
            uri = URI.create(d.url());
        } catch (IllegalArgumentException e) {
            return failed(d, null, new OutboundException(OutboundException.Kind.FAILED, "invalid URL: " + e
                    .getMessage()));
        }
        Map<String, String> headers = Map.of("Content-Type", "application/json",
                WebhookSignature.HEADER, WebhookSignature.sign(d.secrets(), Instant.now(), d.payload()),
                WebhookSignature.DELIVERY_HEADER, d.id().toString(), WebhookSignature.EVENT_HEADER, d.event());
        return client.post(uri, headers, d.payload()).map(OutboundHttp.Response::status)
                .onItemOrFailure().transformToUni((status, failure) -> {
                    if (failure == null && status / 100 == 2) {
                        LOG.debugf("webhook delivery %s (%s) delivered to %s", d.id(), d.event(), uri.getHost());
                        return attempted(d.id(), status, null, true, null);
                    }
                    return failed(d, uri.getHost(), failure != null
                            ? failure
                            : new OutboundException(OutboundException.Kind.FAILED, "answered " + status));
                });
    }

    /**
     * Records a failed attempt. The delivery log (an API) gets only the generic cause ("connection refused", "timed
     * out", "DNS failure", ...) and no status code; the log adds the host the endpoint names and the attempt, never a
     * resolved address or a Java class.
     */
    private Uni<Void> failed(WebhookStore.Claimed d, String host, Throwable failure) {
        String detail = failure instanceof OutboundException ? failure.getMessage() : OutboundException.cause(failure);
        Duration retry = d.attempts() >= crisis.webhookAttempts() ? null : backoff(d.attempts());
        if (retry == null) {
            LOG.errorf("webhook delivery %s (%s) to %s gave up after %d attempts: %s", d.id(), d.event(), host, d
                    .attempts(), detail);
        } else {
            LOG.warnf("webhook delivery %s to %s failed (%s), attempt %d, next in %s", d.id(), host, detail, d
                    .attempts(), retry);
        }
        return attempted(d.id(), null, OutboundException.publicMessage(failure), false, retry)
                .invoke(() -> {
                    if (retry != null) { // come back when it is due, not only on the next tick
                        vertx.setTimer(Math.max(1, retry.toMillis()), t -> kick());
                    }
                });
    }

    /**
     * Records an attempt in a transaction of its own, on a fresh context: a pass's sends answer concurrently on the
     * pass's context, and two transactions must never share one session.
     */
    private Uni<Void> attempted(java.util.UUID id, Integer status, String error, boolean delivered, Duration retry) {
        return SafeContext.onFresh(vertx, () -> store.attempted(id, status, error, delivered, retry));
    }

    /** Wait after the {@code attempt}-th failed attempt: backoff x 2^(attempt-1), at most max-backoff. */
    Duration backoff(int attempt) {
        Duration first = crisis.webhookBackoff();
        Duration d = first.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 30));
        return d.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : d;
    }
}
