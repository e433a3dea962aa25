package io.earshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A distress signal: its kind and the scorer's confidence. {@code possible} (optional, absent unless true) marks an
 * uncertain signal: weaker or fewer cues fired, so a human should look but the scorer is not sure. A possible signal
 * is still {@link #present()}: it goes to the distress queue, flagged possible, rather than nowhere. Readers that do
 * not know the field ignore it (events decode with unknown fields ignored); an event without it is a sure signal.
 */
public record Distress(DistressKind kind, double confidence,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean possible) {
    public static final Distress NONE = new Distress(DistressKind.none, 0.0);

    public Distress {
        possible = Boolean.TRUE.equals(possible) ? Boolean.TRUE : null;
    }

    /** A sure signal (or none). */
    public Distress(DistressKind kind, double confidence) {
        this(kind, confidence, null);
    }

    public boolean present() {
        return kind != null && kind != DistressKind.none;
    }

    /** True when the signal is present but uncertain (flagged "possible"). */
    public boolean tentative() {
        return present() && Boolean.TRUE.equals(possible);
    }
}
