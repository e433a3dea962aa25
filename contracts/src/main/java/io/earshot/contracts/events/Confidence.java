package io.earshot.contracts.events;

/**
 * How far the scorer trusts its verdict on a mention, {@code value} in [0, 1], with the factors it is made of (each in
 * [0, 1], 1 = no doubt): {@code margin} (how far the compound polarity lies from the label's boundary), {@code evidence}
 * (how many opinion cues the text gave), {@code irony} (1 − sarcasm) and {@code distress} (lower when distress was
 * detected with a borderline confidence). {@code value = base · irony · distress}, where {@code base} is the trained
 * model's calibrated probability of the label (or {@code 0.6 · margin + 0.4 · evidence} for a scorer without the model);
 * docs/scoring.md ("Confidence and analyst review") documents each factor.
 */
public record Confidence(double value, double margin, double evidence, double irony, double distress) {}
