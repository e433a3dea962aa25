package io.earshot.escalation.queues;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.earshot.platform.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Time to acknowledge and time to resolve for one priority band (P1 most urgent), as ISO-8601 durations; as a request
 * body, acknowledging takes at least a minute (resolveWithin not shorter than ackWithin is checked by the resource).
 */
public record SlaPolicy(String band,
        @NotNull(message = "must be a duration of at least PT1M") @MinDuration("PT1M") @JsonFormat(shape = JsonFormat.Shape.STRING) Duration ackWithin,
        @NotNull(message = "must be a duration not shorter than ackWithin") @JsonFormat(shape = JsonFormat.Shape.STRING) Duration resolveWithin) {}
