package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.CaseEvent;
import io.earshot.contracts.messaging.Messages;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Publishes case lifecycle events on {@code cases.events} after the change is committed. A failed send is logged
 * and does not undo the change (the audit log has every action either way).
 */
@ApplicationScoped
public class CaseEvents {
    private static final Logger LOG = Logger.getLogger(CaseEvents.class);

    private final MutinyEmitter<String> emitter;
    private final Clock clock;

    public CaseEvents(@Channel("cases-events") MutinyEmitter<String> emitter, Clock clock) {
        this.emitter = emitter;
        this.clock = clock;
    }

    public Uni<Void> publish(CaseEntity c, CaseEvent.Type type, String actor, String detail) {
        CaseEvent e = new CaseEvent(CaseEvent.SCHEMA_VERSION, UUID.randomUUID(), c.id, type, c.brand, c.queue, c.status,
                c.priorityBand, c.priority, c.escalationLevel, actor, detail, clock.instant());
        return emitter.sendMessage(Messages.keyed(c.id.toString(), EventCodec.encode(e), Context.current()))
                .onFailure().recoverWithItem(f -> {
                    LOG.warnf("case event %s of case %s not published: %s", type, c.id, f.getMessage());
                    return null;
                });
    }
}
