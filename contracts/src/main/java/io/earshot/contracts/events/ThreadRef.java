package io.earshot.contracts.events;

/** Where a mention sits in a conversation: the root post's id and the direct parent's id (both null for a root). */
public record ThreadRef(String rootId, String parentId) {
    public static final ThreadRef NONE = new ThreadRef(null, null);
}
