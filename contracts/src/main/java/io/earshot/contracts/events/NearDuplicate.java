package io.earshot.contracts.events;

import java.util.UUID;

/**
 * Near-duplicate information the listener attaches to a mention (schema 1.1): the SimHash fingerprint of its
 * redacted text ({@link io.earshot.contracts.text.SimHash#hex(long)}), the cluster it belongs to (the id of the
 * first mention seen with a fingerprint within {@link io.earshot.contracts.text.SimHash#NEAR_DUPLICATE_BITS} bits;
 * a mention that starts a cluster names itself) and how many mentions the cluster held when this one joined it.
 */
public record NearDuplicate(String fingerprint, UUID clusterId, int clusterSize) {}
