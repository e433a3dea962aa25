package io.earshot.contracts.events;

import java.time.Instant;

/** The author of a mention as the source reports it. {@code followers} is null when the source does not say. */
public record Author(String id, String handle, String displayName, Long followers, boolean verified,
        Instant createdAt) {}
