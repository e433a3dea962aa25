package io.earshot.escalation.queues;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;

/** Time to acknowledge and time to resolve for one priority band (P1 most urgent), as ISO-8601 durations. */
public record SlaPolicy(String band,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration ackWithin,
        @JsonFormat(shape = JsonFormat.Shape.STRING) Duration resolveWithin) {}
