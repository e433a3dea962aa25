package io.earshot.listener.sources;

import static io.restassured.RestAssured.given;

import io.earshot.listener.sources.FixtureServer.Reply;
import io.earshot.testing.TestTokens;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Fixture sources for tests of other packages: a Mastodon hashtag feed the test adds statuses to, or makes fail. */
public final class SourceFixtures {
    private SourceFixtures() {}

    public static Feed feed() {
        return new Feed();
    }

    /** A loopback Mastodon answering the statuses newer than since_id, newest first; 503 while failing. */
    public static final class Feed implements AutoCloseable {
        static final BigInteger BASE = new BigInteger("300000000000000000");
        private final FixtureServer server = new FixtureServer();
        private final List<String[]> statuses = new CopyOnWriteArrayList<>();
        private final AtomicBoolean failing = new AtomicBoolean();
        private final String run = UUID.randomUUID().toString().substring(0, 8);
        private final List<String> sources = new ArrayList<>();

        Feed() {
            server.answer(r -> {
                if (failing.get()) {
                    return Reply.status(503, Map.of(), "maintenance");
                }
                if (!r.path().equals("/api/v1/timelines/tag/acme")) {
                    return Reply.status(404, Map.of(), "");
                }
                BigInteger since = r.query().containsKey("since_id")
                        ? new BigInteger(r.query().get("since_id"))
                        : BigInteger.ZERO;
                List<String> out = new ArrayList<>();
                for (int i = statuses.size() - 1; i >= 0; i--) {
                    String[] s = statuses.get(i);
                    if (new BigInteger(s[0]).compareTo(since) > 0) {
                        out.add(FixtureServer.resource("mastodon/status.json").replace("{{run}}", run)
                                .replace("{{id}}", s[0]).replace("{{content}}", s[1]));
                    }
                }
                return Reply.json("[" + String.join(",", out) + "]");
            });
        }

        /** Adds a status (newest) to the feed. */
        public void add(String content) {
            statuses.add(new String[]{BASE.add(BigInteger.valueOf(statuses.size() + 1)).toString(), content});
        }

        /** Set to make every request fail with 503. */
        public AtomicBoolean failing() {
            return failing;
        }

        /** Creates a Mastodon source on this feed, polled every half second, matching "acme"; answers its id. */
        public String source() {
            String id = SourceApi.createId(SourceApi.mastodon(server.baseUrl(), "acme", "acme", "PT0.5S", null));
            sources.add(id);
            return id;
        }

        @Override
        public void close() {
            sources.forEach(id -> given().header("Authorization", TestTokens.bearer("admin")).delete(SourceApi.PATH
                    + "/" + id));
            server.close();
        }
    }
}
