package io.earshot.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Mentions as a client of {@code POST /api/v1/mentions} sends them. */
public final class Mentions {
    public static final String SOURCE = "webhook";

    private Mentions() {}

    /**
     * A mention of {@code brand} by author {@code authorId}, in its own thread; {@code externalId} must be unique per
     * run (it determines the mention id).
     */
    public static ObjectNode mention(String brand, String externalId, String authorId, String text) {
        ObjectNode m = Api.JSON.createObjectNode();
        m.put("source", SOURCE);
        m.put("externalId", externalId);
        m.put("url", "https://social.example/e2e/" + externalId);
        m.put("brand", brand);
        ObjectNode author = m.putObject("author");
        author.put("id", authorId);
        author.put("handle", "@" + authorId);
        author.put("displayName", "E2E " + authorId);
        author.put("followers", 120);
        author.put("verified", false);
        m.put("text", text);
        m.put("lang", "en");
        m.put("createdAt", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        ObjectNode thread = m.putObject("thread");
        thread.put("rootId", externalId);
        thread.putNull("parentId");
        return m;
    }
}
