package io.earshot.contracts;

/** Kafka topic names. A consumer's failures go to {@code <topic>.dlq} with the reason in the record headers. */
public final class Topics {
    public static final String MENTIONS_RAW = "mentions.raw";
    public static final String MENTIONS_SCORED = "mentions.scored";
    public static final String INSIGHTS_CANDIDATES = "insights.candidates";
    public static final String CRISIS_ALERTS = "crisis.alerts";
    public static final String PRIVACY_ERASURE = "privacy.erasure";
    /** Each service's acknowledgement that it has erased the subject of one {@link #PRIVACY_ERASURE} request. */
    public static final String PRIVACY_ERASURE_DONE = "privacy.erasure.done";
    public static final String CASES_EVENTS = "cases.events";
    /** Polled sources gone silent or recovered ({@link io.earshot.contracts.events.SourceHealth}). */
    public static final String SOURCES_HEALTH = "sources.health";

    private Topics() {}

    public static String dlq(String topic) {
        return topic + ".dlq";
    }
}
