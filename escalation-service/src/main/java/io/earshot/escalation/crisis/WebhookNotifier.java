package io.earshot.escalation.crisis;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.webhooks.WebhookDispatcher;
import io.earshot.escalation.webhooks.WebhookStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.stream.Collectors;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Queues crisis alerts for the webhook endpoints subscribed to {@code crisis.alert}: endpoints of format
 * {@code slack} get Slack-compatible JSON ({@code {"text": ..., "blocks": [...]}}), endpoints of format {@code event}
 * get {@code {"event": "crisis.alert", "data": <the CrisisAlert>}}. The deliveries are written in the caller's
 * transaction (the one that marks the alert published), and sent, signed and retried by the
 * {@link io.earshot.escalation.webhooks.WebhookDispatcher}; one alert (id, state, time) is one delivery per endpoint.
 */
@ApplicationScoped
public class WebhookNotifier {
    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;

    public WebhookNotifier(WebhookStore store, WebhookDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /** Queues the alert for every subscribed endpoint, in the caller's transaction. */
    public Uni<Integer> enqueue(Mutiny.Session session, CrisisAlert alert) {
        ObjectNode event = EventCodec.mapper().createObjectNode().put("event", "crisis.alert");
        event.set("data", EventCodec.mapper().valueToTree(alert));
        return store.enqueue(session, "crisis.alert", alert.id() + ":" + alert.state() + ":" + alert.at(), slack(alert),
                event.toString());
    }

    /** Sends what was queued (after the transaction committed). */
    public void kick() {
        dispatcher.kick();
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
                a.spread() == null
                        ? ""
                        : ", " + a.spread().name().toLowerCase() + " (top-5 authors "
                                + Math.round(a.topAuthorsShare() * 100) + "%)",
                a.velocity() == null ? "" : String.format(", %.1f/min", a.velocity()),
                a.excludedVolume() == null || a.excludedVolume() == 0
                        ? ""
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
