package io.earshot.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A step in a case's life, published by the escalation service on {@code cases.events} (Kafka key: the case id, so
 * one case's events stay in order). {@code id} is unique per event; {@code actor} is the user, or {@code system} for
 * the consumer and the SLA monitor. {@code detail} says what changed (outcome code, target queue, breached clock).
 *
 * <p>Schema 1.1 added the type PAGED (a distress case missed an SLA: the next level of its escalation policy is paged;
 * {@code detail} names the paged queue and level). A 1.0 consumer that does not know it should skip the event.
 */
public record CaseEvent(
        String schemaVersion,
        UUID id,
        UUID caseId,
        Type type,
        String brand,
        String queue,
        String status,
        String priorityBand,
        double priority,
        int escalationLevel,
        String actor,
        String detail,
        Instant at) implements Event {

    /** 1.1 added the PAGED type. */
    public static final String SCHEMA_VERSION = "1.1";

    public enum Type {
        OPENED, JOINED, CLAIMED, ACKNOWLEDGED, NOTE_ADDED, REPLY_DRAFTED, REPLY_APPROVED, REPLY_SENT, HANDED_BACK, TRANSFERRED, RESOLVED, SLA_BREACHED, ESCALATED, PAGED
    }
}
