package io.earshot.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

/**
 * A keyed record (a message for an emitter, or a producer record for {@link ChannelProducer}) carries its parent's trace
 * in its own traceparent header (the channels' producer spans are off).
 */
class MessagesTraceTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aKeyedRecordCarriesItsParentsTraceparent() {
        Context parent = Context.root().with(Span.wrap(
                SpanContext.createFromRemoteParent(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
        Message<String> m = Messages.keyed("mentions.raw", "reddit:u1", "{}", parent);
        OutgoingKafkaRecordMetadata<?> meta = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getTopic()).isEqualTo("mentions.raw");
        assertThat(meta.getKey()).isEqualTo("reddit:u1");
        Header traceparent = meta.getHeaders().lastHeader("traceparent");
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).isEqualTo("00-" + TRACE + "-" + SPAN
                + "-01");
    }

    @Test
    void aProducerRecordCarriesItsParentsTraceparent() {
        Context parent = Context.root().with(Span.wrap(
                SpanContext.createFromRemoteParent(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault())));
        ProducerRecord<String, String> r = Messages.record("mentions.scored", "reddit:u1", "{}", parent);
        assertThat(r.topic()).isEqualTo("mentions.scored");
        assertThat(r.key()).isEqualTo("reddit:u1");
        assertThat(r.value()).isEqualTo("{}");
        assertThat(r.partition()).isNull();
        Header traceparent = r.headers().lastHeader("traceparent");
        assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).isEqualTo("00-" + TRACE + "-" + SPAN
                + "-01");
        assertThat(Messages.record("mentions.scored", "reddit:u1", "{}", Context.root()).headers().lastHeader(
                "traceparent")).isNull();
    }

    @Test
    void aRecordWithoutATraceCarriesNoTraceparent() {
        Message<String> m = Messages.keyed("reddit:u1", "{}", Context.root());
        OutgoingKafkaRecordMetadata<?> meta = m.getMetadata(OutgoingKafkaRecordMetadata.class).orElseThrow();
        assertThat(meta.getHeaders().lastHeader("traceparent")).isNull();
    }
}
