package io.earshot.escalation.rules;

import java.time.Instant;
import java.util.UUID;

/** A stored rule at one version; lower {@code position} is evaluated first. */
public record Rule(UUID id, String name, int version, int position, boolean enabled, RuleDefinition definition,
        String updatedBy, Instant updatedAt) {}
