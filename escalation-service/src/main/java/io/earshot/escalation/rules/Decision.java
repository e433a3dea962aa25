package io.earshot.escalation.rules;

/**
 * What the rules decided for a mention: the queue, the rule (and its version) that matched and why, the priority band
 * (P1 most urgent) that picks the SLA, and whether the case must never be answered automatically (distress).
 */
public record Decision(String queue, String rule, Integer ruleVersion, String band, String reason,
        boolean neverAutoAnswer) {}
