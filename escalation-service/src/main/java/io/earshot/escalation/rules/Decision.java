package io.earshot.escalation.rules;

/** What a rule decided for a mention: the queue, why, and how urgent relative to other cases. */
public record Decision(String queue, String rule, String reason, double priority, boolean neverAutoAnswer) {
}
