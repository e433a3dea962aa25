package io.earshot.platform.messaging;

import io.earshot.contracts.codec.InvalidEventException;
import io.earshot.platform.vertx.SafeContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The few things every Earshot consumer does with Kafka messages: process them with retries on a Vert.x context,
 * settle them (ack on success, nack to the dead-letter topic with the reason on failure), find their trace, and
 * publish follow-up records with a key and the same trace as parent.
 */
public final class Messages {
    private Messages() {}

    /** The tracing context of an incoming message (the consumer span the connector started), or the current one. */
    public static Context tracingContext(Message<?> message) {
        return TracingMetadata.fromMessage(message).map(TracingMetadata::getCurrentContext).orElse(Context.current());
    }

    /** The W3C trace id of an incoming message, or null when it carries none. */
    public static String traceId(Message<?> message) {
        SpanContext span = Span.fromContext(tracingContext(message)).getSpanContext();
        if (!span.isValid()) {
            span = Span.current().getSpanContext();
        }
        return span.isValid() ? span.getTraceId() : null;
    }

    /**
     * A keyed record that continues {@code parent}'s trace: its W3C {@code traceparent} (and {@code tracestate}) header
     * is written here, once, from the parent's span context. The outgoing channels run with the connector's tracing
     * off ({@code tracing-enabled=false}), so no producer span is started, made current and ended per record; the
     * consumer's span downstream is a child of {@code parent}, and the trace still crosses every hop.
     */
    public static Message<String> keyed(String key, String payload, Context parent) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                .withHeaders(traceHeaders(parent)).build());
    }

    /** A keyed record for {@code topic} (overriding the channel's topic) that continues {@code parent}'s trace. */
    public static Message<String> keyed(String topic, String key, String payload, Context parent) {
        return Message.of(payload).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(
                key)
                .withHeaders(traceHeaders(parent)).build());
    }

    /**
     * A keyed Kafka record for {@code topic} that continues {@code parent}'s trace, as {@link #keyed} does, for
     * {@link ChannelProducer#sendAll}: the record carries its W3C {@code traceparent} (and {@code tracestate}) header.
     */
    public static ProducerRecord<String, String> record(String topic, String key, String payload, Context parent) {
        return new ProducerRecord<>(topic, null, null, key, payload, new RecordHeaders(traceHeaders(parent).toArray(
                new Header[0])));
    }

    /** The W3C trace context headers of {@code parent}; none when it holds no valid span. */
    static List<RecordHeader> traceHeaders(Context parent) {
        List<RecordHeader> headers = new ArrayList<>(1);
        W3CTraceContextPropagator.getInstance().inject(parent, headers, TRACE_HEADER_SETTER);
        return headers;
    }

    private static final TextMapSetter<List<RecordHeader>> TRACE_HEADER_SETTER = (headers, key, value) -> headers.add(
            new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8)));

    /** Ack {@code message} when {@code work} succeeds, nack it with the failure (dead-letter topic) when it fails. */
    public static Uni<Void> settle(Message<?> message, Uni<?> work) {
        return work.onItemOrFailure().transformToUni((ignored, failure) -> failure == null
                ? Uni.createFrom().completionStage(message.ack())
                : Uni.createFrom().completionStage(message.nack(failure)));
    }

    /**
     * Runs {@code work} for {@code message} and settles it. An {@link InvalidEventException} dead-letters at once;
     * other failures are retried with exponential back-off ({@code attempts} in all) before the message is
     * dead-lettered with the last failure. Every attempt runs on a safe duplicated Vert.x context, as Hibernate
     * Reactive requires (a retry is otherwise resubscribed from a timer thread).
     */
    public static Uni<Void> process(Message<?> message, Vertx vertx, int attempts, Duration backoff,
            Supplier<Uni<?>> work) {
        Executor context = SafeContext.current(vertx);
        Uni<?> once = Uni.createFrom().deferred(work).runSubscriptionOn(context);
        Uni<?> retried = attempts <= 1
                ? once
                : once.onFailure(f -> !(f instanceof InvalidEventException))
                        .retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
        return settle(message, retried);
    }

    /**
     * A record of a batch and the event it holds; {@code opened} when the event was opened from its sealed form
     * ({@link io.earshot.platform.privacy.SubjectKeys#open}), so the record's payload is not what it holds in clear.
     */
    public record Decoded<T>(Message<String> record, T event, boolean opened) {
        public Decoded(Message<String> record, T event) {
            this(record, event, false);
        }

        /** This record holding {@code clear}, the event opened from its sealed form. */
        public Decoded<T> opened(T clear) {
            return new Decoded<>(record, clear, true);
        }

        /** The record's payload when it is the event as held (in clear), else null (encode the event). */
        public String payload() {
            return record == null || opened ? null : record.getPayload();
        }
    }

    /**
     * Processes a batch of records ({@code batch=true} channels) and settles it, so that a batch costs about one
     * transaction and one acknowledgement instead of one per record:
     * <ol>
     * <li>each record is decoded with {@code decode}; one that throws {@link InvalidEventException} is set aside;</li>
     * <li>{@code work} runs on the readable ones together, retried as a whole like {@link #process};</li>
     * <li>the unreadable ones are dead-lettered, each with its own reason (their nack), and the batch is acked.</li>
     * </ol>
     * When anything in that still fails after the retries, every record takes the one-by-one way ({@code one}, which
     * retries and dead-letters that record alone), so one record the work cannot take never drags its neighbours to
     * the dead-letter topic; then the batch is acked. {@code work} must be idempotent, as redelivery requires anyway.
     */
    public static <T> Uni<Void> processBatch(Message<?> batch, List<? extends Message<?>> records, Vertx vertx,
            int attempts,
            Duration backoff, Function<String, T> decode, Function<List<Decoded<T>>, Uni<?>> work,
            Function<Message<String>, Uni<Void>> one) {
        List<Message<String>> all = new ArrayList<>(records.size());
        List<Decoded<T>> readable = new ArrayList<>(records.size());
        List<Map.Entry<Message<String>, InvalidEventException>> unreadable = new ArrayList<>();
        for (Message<?> r : records) {
            @SuppressWarnings("unchecked")
            Message<String> record = (Message<String>) r;
            all.add(record);
            try {
                readable.add(new Decoded<>(record, decode.apply(record.getPayload())));
            } catch (InvalidEventException e) {
                unreadable.add(Map.entry(record, e));
            }
        }
        Executor context = SafeContext.current(vertx);
        Uni<?> once = readable.isEmpty()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().deferred(() -> work.apply(readable)).runSubscriptionOn(context);
        Uni<?> retried = attempts <= 1
                ? once
                : once.onFailure().retry().withBackOff(backoff, backoff.multipliedBy(20)).atMost(attempts - 1L);
        return retried
                .onItem().transformToUni(ok -> deadLetter(unreadable))
                .onFailure().recoverWithUni(failure -> oneByOne(all, one))
                .onItem().transformToUni(done -> Uni.createFrom().completionStage(batch.ack()));
    }

    private static Uni<Void> deadLetter(List<Map.Entry<Message<String>, InvalidEventException>> unreadable) {
        if (unreadable.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> nacks = new ArrayList<>(unreadable.size());
        for (Map.Entry<Message<String>, InvalidEventException> e : unreadable) {
            nacks.add(Uni.createFrom().completionStage(() -> e.getKey().nack(e.getValue())));
        }
        return Uni.join().all(nacks).andFailFast().replaceWithVoid();
    }

    private static Uni<Void> oneByOne(List<Message<String>> records, Function<Message<String>, Uni<Void>> one) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Message<String> r : records) {
            chain = chain.flatMap(ignored -> one.apply(r));
        }
        return chain;
    }

    /** The first failure of a {@link ChannelProducer#sendAll} outcome, or null when every message was acknowledged. */
    public static Throwable firstFailure(Throwable[] outcome) {
        for (Throwable t : outcome) {
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
