package io.earshot.escalation.approvals;

import io.smallrye.config.ConfigMapping;

/** {@code earshot.approvals.*}: which replies need a lead's approval (value and variable in application.properties). */
@ConfigMapping(prefix = "earshot.approvals")
public interface ApprovalSettings {
    /** Replies to authors with at least this many followers (or verified, or press) need a lead's approval. */
    long followersThreshold();
}
