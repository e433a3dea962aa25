package io.earshot.contracts.messaging;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The few things every Earshot consumer does with Kafka messages: settle them (ack on success, nack to the
 * dead-letter topic with the reason on failure), find their trace, and publish follow-up records with a key and the
 * same trace as parent.
 */
public final class Messages {
    private Messages() {
    }

    /** The tracing context of an incoming message (the consumer span the connector started), or the current one. */
    public static Context tracingContext(Message<?> message) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.current());
    }

    /** The W3C trace id of an incoming message, or null when it carries none. */
    public static String traceId(Message<?> message) {
        SpanContext span = Span.fromContext(tracingContext(message)).getSpanContext();
        return span.isValid() ? span.getTraceId() : null;
    }

    /** A keyed record whose producer span is a child of {@code parent}. */
    public static Message<String> keyed(String key, String payload, Context parent) {
        return Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build())
                .addMetadata(TracingMetadata.withCurrent(parent));
    }

    /** Ack {@code message} when {@code work} succeeds, nack it with the failure (dead-letter topic) when it fails. */
    public static Uni<Void> settle(Message<?> message, Uni<?> work) {
        return work.onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                ? Uni.createFrom().completionStage(message.ack())
                : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
