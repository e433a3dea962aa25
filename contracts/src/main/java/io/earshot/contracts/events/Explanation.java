package io.earshot.contracts.events;

/**
 * One reason a score moved: {@code score} names the score (sentiment, urgency, distress, ...), {@code cause} the token
 * or rule, {@code delta} by how much it moved the raw value.
 */
public record Explanation(String score, String cause, double delta) {}
