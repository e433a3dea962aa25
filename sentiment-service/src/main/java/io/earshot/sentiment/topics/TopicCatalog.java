package io.earshot.sentiment.topics;

import io.earshot.platform.vertx.SafeContext;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The compiled {@link TopicMatcher} of each brand, held in memory. Reloaded from the database at start, after every
 * change made through this replica's API, and every {@code earshot.topics.refresh} so that all replicas converge on
 * changes made through any of them. A reload that started earlier never replaces the result of one that started
 * later, so a slow periodic reload cannot undo a fresher one. If a reload fails, the previous matchers stay in use.
 */
@ApplicationScoped
public class TopicCatalog {
    private static final Logger LOG = Logger.getLogger(TopicCatalog.class);

    private final TopicStore store;
    private final Vertx vertx;
    private final Duration interval;
    private final AtomicLong started = new AtomicLong();
    private long installed = -1; // guarded by this
    private volatile Map<String, TopicMatcher> matchers;
    private long timer = -1;

    public TopicCatalog(TopicStore store, Vertx vertx,
            @ConfigProperty(name = "earshot.topics.refresh") Duration interval) {
        this.store = store;
        this.vertx = vertx;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        if (!interval.isZero() && !interval.isNegative()) {
            timer = vertx.setPeriodic(interval.toMillis(), id -> refreshInBackground());
        }
        refreshInBackground();
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** The matcher of a brand (an empty one when the brand has no topics); loads the topics on first use. */
    public Uni<TopicMatcher> matcher(String brand) {
        Map<String, TopicMatcher> current = matchers;
        if (current != null) {
            return Uni.createFrom().item(current.getOrDefault(brand, TopicMatcher.EMPTY));
        }
        return refresh().map(ignored -> matchers.getOrDefault(brand, TopicMatcher.EMPTY));
    }

    /** Reloads every brand's topics; must run on a Vert.x context that Hibernate Reactive may use. */
    public Uni<Void> refresh() {
        long seq = started.incrementAndGet();
        return store.all().invoke(rows -> install(seq, compile(rows))).replaceWithVoid();
    }

    /** Refreshes without making the caller wait or fail: a failed reload is logged and retried on the next tick. */
    public void refreshInBackground() {
        Uni.createFrom().deferred(this::refresh)
                .runSubscriptionOn(SafeContext.current(vertx))
                .subscribe().with(ignored -> {}, failure -> LOG.warnf(
                        "could not reload the topics (the previous ones stay in use): %s", failure.toString()));
    }

    private synchronized void install(long seq, Map<String, TopicMatcher> compiled) {
        if (seq > installed) {
            installed = seq;
            matchers = compiled;
        }
    }

    static Map<String, TopicMatcher> compile(List<TopicEntity> rows) {
        Map<String, List<TopicMatcher.Topic>> byBrand = new HashMap<>();
        for (TopicEntity t : rows) {
            byBrand.computeIfAbsent(t.brand, b -> new ArrayList<>()).add(new TopicMatcher.Topic(t.name, List.of(
                    t.keywords)));
        }
        Map<String, TopicMatcher> out = new HashMap<>();
        byBrand.forEach((brand, topics) -> out.put(brand, TopicMatcher.compile(topics)));
        return Map.copyOf(out);
    }
}
