package io.earshot.escalation.crisis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CrisisAlert;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Posts crisis alerts to the configured webhooks as Slack-compatible JSON ({@code {"text": ..., "blocks": [...]}}).
 * Delivery runs in the background with the JDK's asynchronous HTTP client: it never blocks the caller; a failed
 * delivery (an error or a non-2xx answer) is retried with exponential back-off and logged; after the last attempt it
 * is logged as given up (the alert stays on {@code crisis.alerts} and in the dashboard).
 */
@ApplicationScoped
public class WebhookNotifier {
    private static final Logger LOG = Logger.getLogger(WebhookNotifier.class);

    private final List<URI> urls;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;
    private final HttpClient client;

    public WebhookNotifier(CrisisSettings settings) {
        this.urls = settings.webhooks().orElse(List.of()).stream().filter(u -> !u.isBlank()).map(URI::create).toList();
        this.attempts = settings.webhookAttempts();
        this.backoff = settings.webhookBackoff();
        this.timeout = settings.webhookTimeout();
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Starts delivering the alert to every webhook and returns at once. */
    public void notify(CrisisAlert alert) {
        if (urls.isEmpty()) {
            return;
        }
        String body = slack(alert);
        for (URI url : urls) {
            Uni<Integer> once = deliver(url, body);
            Uni<Integer> retried = attempts <= 1 ? once
                    : once.onFailure().retry().withBackOff(backoff, backoff.multipliedBy(30)).atMost(attempts - 1L);
            retried.subscribe().with(
                            ok -> LOG.debugf("crisis %s %s delivered to %s", alert.id(), alert.state(), url.getHost()),
                            e -> LOG.errorf("crisis %s %s: webhook %s gave up after %d attempts: %s", alert.id(),
                                    alert.state(), url.getHost(), attempts, e.getMessage()));
        }
    }

    private Uni<Integer> deliver(URI url, String body) {
        return Uni.createFrom().deferred(() -> Uni.createFrom().completionStage(client.sendAsync(
                HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding())))
                .map(r -> {
                    if (r.statusCode() / 100 != 2) {
                        LOG.warnf("webhook %s answered %d, will retry", url.getHost(), r.statusCode());
                        throw new IllegalStateException("webhook answered " + r.statusCode());
                    }
                    return r.statusCode();
                })
                .onFailure().invoke(e -> LOG.warnf("webhook %s failed: %s", url.getHost(), e.getMessage()));
    }

    /** The Slack-compatible message of an alert. */
    static String slack(CrisisAlert a) {
        String stream = a.topic() == null ? a.brand() : a.brand() + " / " + a.topic();
        String headline = switch (a.state()) {
            case OPEN -> ":rotating_light: Crisis opened";
            case UPDATED -> ":warning: Crisis growing";
            case RESOLVED -> ":white_check_mark: Crisis resolved";
        } + " for " + stream + " (" + a.severity() + ")";
        String details = String.format("%d mentions in %d min (expected %.1f), %.0f%% negative, score %.1f%s%s%s",
                a.volume(), a.window().toMinutes(), a.baseline(), a.negativeShare() * 100, a.score(),
                a.spread() == null ? "" : ", " + a.spread().name().toLowerCase() + " (top-5 authors "
                        + Math.round(a.topAuthorsShare() * 100) + "%)",
                a.velocity() == null ? "" : String.format(", %.1f/min", a.velocity()),
                a.excludedVolume() == null || a.excludedVolume() == 0 ? ""
                        : ", " + a.excludedVolume() + " suspected coordinated mentions excluded");
        ObjectNode root = EventCodec.mapper().createObjectNode();
        root.put("text", headline + ": " + details);
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn").put("text", "*" + headline + "*\n" + details);
        ObjectNode context = blocks.addObject().put("type", "context");
        context.putArray("elements").addObject().put("type", "mrkdwn").put("text", "crisis " + a.id() + " · samples: "
                + a.sampleMentionIds().stream().limit(5).map(Object::toString).collect(Collectors.joining(", ")));
        return root.toString();
    }
}
