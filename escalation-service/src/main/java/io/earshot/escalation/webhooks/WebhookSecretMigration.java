package io.earshot.escalation.webhooks;

import io.earshot.escalation.crisis.CrisisSettings;
import io.earshot.platform.vertx.SafeContext;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * At start: a production start with configured webhook endpoints and no secrets key fails (their signing secret could
 * not be stored sealed), and signing secrets stored in the clear by earlier versions are sealed in place
 * ({@link WebhookStore#sealPlaintext}; every replica may do it, each row once).
 */
@ApplicationScoped
public class WebhookSecretMigration {
    private static final Logger LOG = Logger.getLogger(WebhookSecretMigration.class);

    private final WebhookStore store;
    private final CrisisSettings crisis;
    private final Vertx vertx;

    public WebhookSecretMigration(WebhookStore store, CrisisSettings crisis, Vertx vertx) {
        this.store = store;
        this.crisis = crisis;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        List<String> urls = crisis.webhooks().orElse(List.of()).stream().filter(u -> !u.isBlank()).toList();
        requireKey(store.canSeal(), urls, LaunchMode.current());
        Uni.createFrom().deferred(store::sealPlaintext).runSubscriptionOn(SafeContext.current(vertx))
                .subscribe().with(n -> {
                    if (n > 0) {
                        LOG.infof("sealed %d webhook signing secret(s) stored in the clear", n);
                    }
                }, e -> LOG.errorf("webhook signing secrets not sealed: %s", e.toString()));
    }

    static void requireKey(boolean canSeal, List<String> urls, LaunchMode mode) {
        if (!canSeal && !urls.isEmpty() && mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("EARSHOT_SECRETS_KEY is empty but EARSHOT_CRISIS_WEBHOOKS names " + urls
                    .size()
                    + " endpoint(s): their signing secret is stored sealed with that key");
        }
    }
}
