package io.earshot.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.earshot.contracts.Ids;
import io.earshot.contracts.Topics;
import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Author;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.InsightCandidate;
import io.earshot.contracts.events.Mention;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.contracts.events.Scores;
import io.earshot.contracts.events.SentimentLabel;
import io.earshot.platform.privacy.Subjects;
import io.earshot.platform.secrets.SecretBox;
import io.earshot.platform.security.Roles;
import io.earshot.testing.OrganicText;
import io.earshot.testing.StoreSearch;
import io.earshot.testing.TestTokens;
import io.earshot.testing.TopicWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure everywhere, end to end: one author's mentions (and another author's) go through all four services (a case,
 * scores, a validated map item with evidence and a map version); then an admin requests the author's erasure with
 * opt-out. Within a bounded time every service has acknowledged it, and the author's id, handle and display name are
 * found nowhere: not in any text/json column of any table of the four PostgreSQL databases, and not in any Redis key,
 * member or value under the services' prefixes. The other author's data is untouched, and a later mention of the
 * erased author is refused as opted out. Records of the author still in flight on mentions.raw and mentions.scored
 * afterwards are dropped by every consumer (tombstones), and a stored idempotent answer naming the author is scrubbed.
 * (Kafka topics keep their records until retention: docs/privacy.md says so.)
 */
class PrivacyIT {
    private static final Duration PIPELINE = Duration.ofSeconds(120);
    private static final Duration ERASURE = Duration.ofSeconds(60);

    /** Minutes of quiet history the crisis brand has before its spike (the detector learns from 30). */
    private static final int CRISIS_HISTORY_MINUTES = 34;
    /** Mentions of the crisis brand's spike minute, and how many of them the erased author wrote (its top author). */
    private static final int CRISIS_SPIKE = 60;
    private static final int SUBJECT_IN_SPIKE = 8;

    private static Suite suite;
    private static String brand;
    private static String tag;
    /** The loopback webhook receiver: answers 503 (the delivery stays pending, retried) until {@link #accepting}. */
    private static HttpServer receiver;
    private static volatile boolean accepting;
    private static final Queue<Received> RECEIVED = new ConcurrentLinkedQueue<>();

    /** One webhook attempt the receiver saw: when, whether it was accepted, the body. */
    record Received(Instant at, boolean accepted, String body) {}

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                boolean ok = accepting;
                RECEIVED.add(new Received(Instant.now(), ok, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(ok ? 200 : 503, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        // The receiver listens on loopback (the one internal address let through); a refused attempt is retried every
        // second or two for minutes, so the crisis webhook is still pending when the erasure arrives.
        suite = Suite.start("PrivacyIT", Suite.ALL_SERVICES, null, Map.of("EARSHOT_OUTBOUND_ALLOW_LIST", "127.0.0.1",
                "EARSHOT_CRISIS_WEBHOOK_ATTEMPTS", "300", "EARSHOT_CRISIS_WEBHOOK_BACKOFF", "PT1S",
                "EARSHOT_WEBHOOK_MAX_BACKOFF", "PT2S"));
        brand = Suite.uniqueBrand();
        tag = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    @AfterAll
    static void stop() {
        if (suite != null) {
            suite.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    static ObjectNode mention(String externalId, String authorId, String handle, String displayName, String text) {
        ObjectNode m = Mentions.mention(brand, externalId, authorId, text);
        m.put("url", "https://social.example/@" + handle + "/" + externalId);
        ObjectNode author = (ObjectNode) m.path("author");
        author.put("handle", "@" + handle);
        author.put("displayName", displayName);
        return m;
    }

    @Test
    void anErasedAuthorIsFoundInNoStoreOfAnyServiceAndIsRefusedAfterwards() {
        String authorId = "erin-" + tag;
        String handle = "erin_" + tag;
        String displayName = "Erin Erasable" + tag;
        List<String> identifiers = List.of(authorId, handle, displayName);
        String otherId = "otto-" + tag;

        List<ObjectNode> batch = List.of(
                mention("e2e-" + tag + "-erin-angry", authorId, handle, displayName,
                        "Third outage this week, absolutely terrible service, I want a refund NOW or I cancel!"),
                mention("e2e-" + tag + "-erin-wish", authorId, handle, displayName,
                        "I wish the app had a dark mode, would love that"),
                mention("e2e-" + tag + "-otto-angry", otherId, "otto_" + tag, "Otto Kept" + tag,
                        "Your support is useless and rude, worst experience ever, I am furious"));
        Api.Response posted = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer(Roles.SERVICE),
                batch, Map.of());
        assertThat(posted.status()).as("%s", posted).isEqualTo(202);
        assertThat(posted.json().path("accepted").asInt()).as("%s", posted).isEqualTo(3);
        List<String> ids = texts(posted.json().path("ids"));
        String erinAngry = ids.get(0);
        String erinWish = ids.get(1);
        String ottoAngry = ids.get(2);

        // Through every service: scores, cases, a validated map item with the wish as evidence, a map version.
        await("scores of all three mentions").atMost(PIPELINE).pollInterval(Duration.ofMillis(500)).until(() -> ids
                .stream()
                .allMatch(id -> Api.get(suite.url(Suite.SENTIMENT, "/api/v1/scores/" + id), TestTokens.bearer(
                        Roles.ANALYST))
                        .status() == 200));
        await("cases of both angry mentions").atMost(PIPELINE).pollInterval(Duration.ofMillis(500))
                .until(() -> caseMentionIds().containsAll(List.of(erinAngry, ottoAngry)));
        JsonNode candidate = await("a candidate from Erin's wish").atMost(PIPELINE).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get(suite.url(Suite.MAP, "/api/v1/candidates?status=PENDING&brand=" + encode(brand)),
                        TestTokens.bearer(Roles.ANALYST)).items().stream()
                        .filter(c -> texts(c.path("evidenceMentionIds")).contains(erinWish)).findFirst().orElse(null),
                        c -> c != null);
        Api.Response validated = Api.post(suite.url(Suite.MAP, "/api/v1/candidates/" + candidate.path("id").asText()
                + "/validate"),
                TestTokens.bearer(Roles.ANALYST), Map.of(), Map.of());
        assertThat(validated.status()).as("%s", validated).isEqualTo(200);
        String item = validated.json().path("itemId").asText();
        await("the map item's evidence").atMost(PIPELINE).pollInterval(Duration.ofMillis(500))
                .until(() -> Api.get(suite.url(Suite.MAP, "/api/v1/items/" + item + "/evidence"), TestTokens.bearer(
                        Roles.ANALYST))
                        .items().stream().anyMatch(e -> erinWish.equals(e.path("mentionId").asText())));
        Api.Response version = Api.post(suite.url(Suite.MAP, "/api/v1/maps/" + brand + "/default/versions"),
                TestTokens.bearer(Roles.ANALYST), Map.of(), Map.of());
        assertThat(version.status()).as("%s", version).isEqualTo(201);

        // An agent's note on Erin's case, sent with an Idempotency-Key: its stored answer (Redis, 24 h) names her.
        String erinCase = Api.get(suite.url(Suite.ESCALATION, "/api/v1/cases?brand=" + encode(brand)), TestTokens
                .bearer(Roles.AGENT))
                .items().stream().filter(c -> texts(c.path("mentionIds")).contains(erinAngry)).findFirst().orElseThrow()
                .path("id").asText();
        assertThat(Api.post(suite.url(Suite.ESCALATION, "/api/v1/cases/" + erinCase + "/claim"), TestTokens.bearer(
                Roles.AGENT),
                Map.of(), Map.of()).status()).isEqualTo(200);
        Api.Response note = Api.post(suite.url(Suite.ESCALATION, "/api/v1/cases/" + erinCase + "/notes"),
                TestTokens.bearer(Roles.AGENT), Map.of("body", "called " + displayName + " (@" + handle + ") back"),
                Map.of("Idempotency-Key", "note-" + tag));
        assertThat(note.status()).as("%s", note).isEqualTo(200);
        assertThat(redisHits(List.of(displayName, handle))).as("the stored idempotent answer").isNotEmpty();

        // A crisis of another brand with the author as its top author, and its webhook in flight to a receiver that
        // refuses it for now (PENDING, retried): both carry the author's id in topAuthors (crisis.alerts does not).
        String crisisBrand = raiseCrisisLedBy(authorId, handle, displayName);

        // The search finds the author before the erasure, in every database and in escalation's Redis windows, and
        // both of the author's mentions have been consumed everywhere (none still in flight to be stored afterwards).
        await("the author known to every store").atMost(PIPELINE).pollInterval(Duration.ofSeconds(1)).untilAsserted(
                () -> {
                    for (String service : Suite.ALL_SERVICES) {
                        assertThat(dbHits(service, List.of(authorId))).as("%s database before the erasure", service)
                                .isNotEmpty();
                        for (String text : List.of("Third outage this week", "dark mode")) {
                            assertThat(dbHits(service, List.of(text))).as("%s database holding '%s'", service, text)
                                    .isNotEmpty();
                        }
                    }
                    assertThat(redisHits(List.of(authorId))).as("Redis before the erasure").isNotEmpty();
                    assertThat(redisHits(List.of(erinAngry))).as("Redis windows counted %s", erinAngry).isNotEmpty();
                    assertThat(redisHits(List.of(erinWish))).as("Redis windows counted %s", erinWish).isNotEmpty();
                });

        // Crypto-shredding: no topic holds the author in clear; their records there are sealed and open with their key.
        String subject = Ids.subjectHash(Mentions.SOURCE, authorId);
        mentionTopicsHoldTheAuthorSealedOnly(subject, identifiers, List.of(erinAngry, erinWish));

        Instant requested = Instant.now();
        Api.Response erasure = Api.post(suite.url(Suite.LISTENER, "/api/v1/erasures"), TestTokens.bearer(Roles.ADMIN),
                Map.of("subject", Map.of("source", Mentions.SOURCE, "authorId", authorId), "optOut", true), Map.of());
        assertThat(erasure.status()).as("%s", erasure).isEqualTo(202);
        String erasureId = erasure.json().path("id").asText();

        JsonNode progress = await("every service acknowledges the erasure").atMost(ERASURE).pollInterval(Duration
                .ofMillis(500))
                .until(() -> Api.get(suite.url(Suite.LISTENER, "/api/v1/erasures/" + erasureId), TestTokens.bearer(
                        Roles.ADMIN))
                        .json(), p -> "DONE".equals(p.path("state").asText()));
        Map<String, Integer> erased = new LinkedHashMap<>();
        progress.path("services").forEach(s -> erased.put(s.path("service").asText(), s.path("erased").asInt()));
        Instant done = Instant.now();
        assertThat(erased).containsEntry("listener", 2 + SUBJECT_IN_SPIKE).containsEntry("sentiment", 2
                + SUBJECT_IN_SPIKE)
                .containsKeys("escalation", "map");
        assertThat(erased.get("escalation")).isGreaterThanOrEqualTo(2);
        assertThat(erased.get("map")).isGreaterThanOrEqualTo(1);

        // Nothing left anywhere (tombstones keep only hashes), within a bounded time.
        await("no trace of the author in any store").atMost(ERASURE).pollInterval(Duration.ofSeconds(1)).untilAsserted(
                () -> {
                    for (String service : Suite.ALL_SERVICES) {
                        assertThat(dbHits(service, identifiers)).as("%s database after the erasure", service).isEmpty();
                    }
                    assertThat(redisHits(identifiers)).as("Redis after the erasure").isEmpty();
                });
        System.out.printf("[e2e] PrivacyIT: erasure requested to every store clean in %d ms%n",
                Duration.between(requested, Instant.now()).toMillis());

        // The crisis webhook that was pending when the erasure arrived is delivered scrubbed: once the receiver
        // accepts, no attempt it sees names the author, and the crisis still names its other drivers.
        accepting = true;
        Instant opened = Instant.now();
        await("the pending crisis webhook delivered").atMost(PIPELINE).pollInterval(Duration.ofMillis(500))
                .until(() -> RECEIVED.stream().anyMatch(r -> r.accepted() && r.body().contains(crisisBrand)));
        for (Received r : RECEIVED) {
            if (!r.at().isBefore(opened)) {
                assertThat(identifiers).as("webhook body sent after the erasure: %s", r.body())
                        .noneMatch(i -> r.body().toLowerCase().contains(i.toLowerCase()));
            }
        }
        assertThat(dbHits(Suite.ESCALATION, List.of(crisisBrand))).as("the crisis and its alerts stay").isNotEmpty();

        // Records of the author still in flight when the erasure ran (consumer lag, a dead-letter replay), fetched
        // before it, on mentions.raw and on mentions.scored: every consumer drops them (erasure tombstones). Each is
        // followed, on the same key and so the same partition, by a marker of another author that must arrive.
        inFlightRecordsOfTheErasedAuthorAreDropped(authorId, handle, displayName, requested.minusSeconds(30),
                identifiers);

        // The other author is untouched; the erased author's case is anonymised, not lost; the tombstone exists.
        assertThat(dbHits(Suite.ESCALATION, List.of(otherId))).isNotEmpty();
        assertThat(dbHits(Suite.LISTENER, List.of(otherId))).isNotEmpty();
        assertThat(caseMentionIds()).contains(erinAngry, ottoAngry);
        Api.Response audit = Api.get(suite.url(Suite.ESCALATION, "/api/v1/audit?entityType=erasure&entityId="
                + erasureId),
                TestTokens.bearer(Roles.ADMIN));
        assertThat(audit.items()).as("%s", audit).hasSize(1);
        assertThat(audit.items().get(0).path("action").asText()).isEqualTo("subject.erased");

        // Opted out: a later mention of the author is refused, never stored or published.
        Api.Response later = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer(Roles.SERVICE),
                List.of(mention("e2e-" + tag + "-erin-later", authorId, handle, displayName,
                        "hello again, still here")), Map.of());
        assertThat(later.status()).as("%s", later).isEqualTo(202);
        assertThat(later.json().path("optedOut").asInt()).as("%s", later).isEqualTo(1);
        assertThat(later.json().path("accepted").asInt()).as("%s", later).isZero();
        assertThat(dbHits(Suite.LISTENER, identifiers)).isEmpty();

        retainedTopicsAfterTheErasure(identifiers, done, crisisBrand, subject, handle);
    }

    /** The mention topics whose records carry an author's personal data, sealed: what crypto-shredding erases. */
    private static final List<String> SEALED_TOPICS = List.of(Topics.MENTIONS_RAW, Topics.MENTIONS_SCORED,
            Topics.INSIGHTS_CANDIDATES);

    /** The subject's data key as the vault holds it (opened with the run's key-encryption key), or null. */
    private static byte[] vaultKey(String subject) {
        try (Connection c = suite.database(Suite.KEYS);
                PreparedStatement st = c.prepareStatement(
                        "select sealed_key from vault.subject_keys where subject_hash = ?")) {
            st.setString(1, subject);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next()
                        ? Base64.getDecoder().decode(SecretBox.of(Suite.E2E_SECRETS_KEY).open(rs.getString(1), subject))
                        : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long vaultRows(String column, String hash) {
        try (Connection c = suite.database(Suite.KEYS);
                PreparedStatement st = c.prepareStatement("select count(*) from vault.subject_keys where " + column
                        + " = ?")) {
            st.setString(1, hash);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The subject a record of a sealed topic is sealed for (null: in clear, or not a mention's record). */
    private static String sealedSubject(String topic, String value) {
        return switch (topic) {
            case Topics.MENTIONS_RAW -> EventCodec.decode(value, Mention.class).sealedSubject();
            case Topics.MENTIONS_SCORED -> EventCodec.decode(value, ScoredMention.class).sealedSubject();
            default -> EventCodec.decode(value, InsightCandidate.class).sealedSubject();
        };
    }

    /** The record opened with {@code key}, encoded again (IllegalArgumentException when it does not open). */
    private static String open(String topic, String value, byte[] key) {
        return switch (topic) {
            case Topics.MENTIONS_RAW -> EventCodec.encode(EventCodec.decode(value, Mention.class).open(key));
            case Topics.MENTIONS_SCORED -> EventCodec.encode(EventCodec.decode(value, ScoredMention.class).open(key));
            default -> EventCodec.encode(EventCodec.decode(value, InsightCandidate.class).open(key));
        };
    }

    /**
     * Before the erasure: no record of mentions.raw, mentions.scored or insights.candidates names the author in clear,
     * and the author's mentions (and the candidates drawn from them) are there sealed for their subject, opening with
     * the key the vault holds for them to records that do name them.
     */
    private static void mentionTopicsHoldTheAuthorSealedOnly(String subject, List<String> identifiers,
            List<String> mentionIds) {
        byte[] key = vaultKey(subject);
        assertThat(key).as("the author's data key in the vault").isNotNull();
        for (String topic : SEALED_TOPICS) {
            int sealed = 0;
            for (ConsumerRecord<String, String> r : KafkaTopics.readAll(suite.kafkaBootstrap(), topic)) {
                String text = r.value().toLowerCase();
                assertThat(identifiers).as("a record on %s names the author in clear: %s", topic, r.value())
                        .noneMatch(i -> text.contains(i.toLowerCase()));
                if (mentionIds.stream().noneMatch(r.value()::contains)) {
                    continue;
                }
                assertThat(sealedSubject(topic, r.value())).as("%s record of the author's mention", topic)
                        .isEqualTo(subject);
                String opened = open(topic, r.value(), key);
                assertThat(opened).as("%s record opened with the author's key", topic).isNotEqualTo(r.value());
                if (topic.equals(Topics.INSIGHTS_CANDIDATES)) {
                    // A candidate carries its mention's words, not its author: sealed, the words are not in clear.
                    String words = EventCodec.decode(opened, InsightCandidate.class).text();
                    assertThat(words).as("the candidate's text, opened").isNotBlank();
                    assertThat(r.value()).as("the sealed candidate").doesNotContain(words);
                } else {
                    assertThat(opened).as("%s record opened with the author's key", topic)
                            .containsAnyOf(identifiers.toArray(String[]::new));
                }
                sealed++;
            }
            System.out.printf("[e2e] PrivacyIT: %s holds %d sealed record(s) of the author's mentions%n", topic,
                    sealed);
            assertThat(sealed).as("sealed records of the author's mentions on %s", topic).isPositive();
        }
    }

    /**
     * Kafka cannot delete single records, so the topics are searched end to end: no record key names the author on
     * any topic (keys are subject hashes), crisis.alerts never names them (its top authors are pseudonymous), records
     * of mentions are sealed under the author's key, never naming them in clear, before the erasure or after, and
     * open no more once the key is destroyed (crypto-shredding, docs/privacy.md); the only records naming them are
     * the request itself and the in-flight copies in clear this test wrote on mentions.raw and mentions.scored.
     */
    private static List<String> crisisAlertsOf(String crisisBrand) {
        return KafkaTopics.readAll(suite.kafkaBootstrap(), Topics.CRISIS_ALERTS).stream()
                .filter(r -> crisisBrand.equals(r.key())).map(ConsumerRecord::value).toList();
    }

    private static void retainedTopicsAfterTheErasure(List<String> identifiers, Instant done, String crisisBrand,
            String subject, String handle) {
        // Crypto-shredding: the author's data key is gone from the vault (by author and by handle), so none of their
        // sealed records, still on the topics until retention, opens any more.
        assertThat(vaultRows("subject_hash", subject)).as("the author's key in the vault").isZero();
        assertThat(vaultRows("handle_hash", Subjects.sha256(Subjects.handle(Mentions.SOURCE, handle))))
                .as("keys recorded with the author's handle").isZero();
        int shredded = 0;
        for (String topic : SEALED_TOPICS) {
            for (ConsumerRecord<String, String> r : KafkaTopics.readAll(suite.kafkaBootstrap(), topic)) {
                if (!r.value().contains("in flight on") && !r.value().contains("marker ") && subject.equals(
                        sealedSubject(topic, r.value()))) {
                    shredded++;
                }
            }
        }
        System.out.printf("[e2e] PrivacyIT: %d sealed record(s) of the erased author left on the topics, none opens%n",
                shredded);
        assertThat(shredded).as("sealed records of the erased author").isGreaterThanOrEqualTo(2);
        List<String> topics = List.of(Topics.MENTIONS_RAW, Topics.MENTIONS_SCORED, Topics.INSIGHTS_CANDIDATES,
                Topics.CRISIS_ALERTS, Topics.CASES_EVENTS, Topics.PRIVACY_ERASURE_DONE, Topics.SOURCES_HEALTH,
                Topics.PRIVACY_ERASURE);
        Map<String, int[]> found = new LinkedHashMap<>();
        for (String topic : topics) {
            int before = 0;
            int after = 0;
            for (ConsumerRecord<String, String> r : KafkaTopics.readAll(suite.kafkaBootstrap(), topic)) {
                String key = String.valueOf(r.key()).toLowerCase();
                assertThat(identifiers).as("the key of a record on %s: %s", topic, r.key())
                        .noneMatch(i -> key.contains(i.toLowerCase()));
                String text = (r.key() + " " + r.value()).toLowerCase();
                if (identifiers.stream().noneMatch(i -> text.contains(i.toLowerCase()))) {
                    continue;
                }
                if (r.value().contains("in flight on") || r.value().contains("marker ")) {
                    continue; // written by this test: copies in clear as if still in flight, and their markers
                } else if (r.timestamp() < done.toEpochMilli()) {
                    before++;
                    assertThat(topic).as("a record names the author in clear: %s", r.value())
                            .isEqualTo(Topics.PRIVACY_ERASURE);
                } else {
                    after++;
                    assertThat(topic).as("a record written after the erasure names the author: %s", r.value())
                            .isEqualTo(Topics.PRIVACY_ERASURE);
                }
            }
            found.put(topic, new int[]{before, after});
        }
        found.forEach((topic, n) -> System.out.printf("[e2e] PrivacyIT: %s holds the erased author in %d record(s) from"
                + " before the erasure, %d after%n", topic, n[0], n[1]));
        // The crisis the author led (raiseCrisisLedBy saw it name them in its stored copy and webhook) was published
        // pseudonymous: no crisis.alerts record names them, before the erasure or after.
        assertThat(crisisAlertsOf(crisisBrand)).as("crisis.alerts records of %s", crisisBrand).isNotEmpty()
                .anySatisfy(v -> assertThat(v).contains(Mentions.SOURCE + ":author-1"));
        assertThat(found.get(Topics.CRISIS_ALERTS)).as("crisis.alerts records naming the author").containsExactly(0, 0);
        // The request itself (subject in clear, kept so that a restored service can replay erasures) is the only one.
        assertThat(found.get(Topics.PRIVACY_ERASURE)[0] + found.get(Topics.PRIVACY_ERASURE)[1]).isPositive();
    }

    /**
     * A crisis on a brand of its own: {@link #CRISIS_HISTORY_MINUTES} quiet minutes (two mentions each, dated in the
     * past), then {@link #CRISIS_SPIKE} mentions in the minute after next from distinct authors with organic texts, of
     * which {@link #SUBJECT_IN_SPIKE} by the subject, who so leads topAuthors. A webhook endpoint subscribed to crisis
     * alerts points at the receiver, which refuses them for now. Waits for the OPEN alert naming the subject, stored and
     * attempted at the receiver (the delivery stays PENDING). The crisis brand.
     */
    private static String raiseCrisisLedBy(String authorId, String handle, String displayName) {
        Api.Response endpoint = Api.post(suite.url(Suite.ESCALATION, "/api/v1/webhooks/endpoints"),
                TestTokens.bearer(Roles.ADMIN), Map.of("url", "http://127.0.0.1:" + receiver.getAddress().getPort()
                        + "/hook",
                        "format", "event", "events", List.of("crisis.alert")), Map.of());
        assertThat(endpoint.status()).as("%s", endpoint).isEqualTo(201);
        String crisisBrand = Suite.uniqueBrand();
        Instant spikeMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
        Random r = new Random(tag.hashCode());
        List<ObjectNode> mentions = new ArrayList<>();
        for (int m = CRISIS_HISTORY_MINUTES; m >= 1; m--) {
            for (int i = 0; i < 2; i++) {
                ObjectNode mention = Mentions.mention(crisisBrand, "e2e-" + tag + "-h" + m + "-" + i, "regular-" + tag
                        + "-" + i,
                        OrganicText.of(r));
                mention.put("createdAt", spikeMinute.minus(Duration.ofMinutes(m)).plusSeconds(10 + 25L * i).toString());
                mentions.add(mention);
            }
        }
        for (int i = 0; i < CRISIS_SPIKE; i++) {
            String id = "e2e-" + tag + "-s" + i;
            ObjectNode mention = i < SUBJECT_IN_SPIKE
                    ? mention(id, authorId, handle, displayName, OrganicText.of(r))
                    : Mentions.mention(crisisBrand, id, "customer-" + tag + "-" + i, OrganicText.of(r));
            mention.put("brand", crisisBrand);
            mention.put("createdAt", spikeMinute.plusMillis(50_000L * i / CRISIS_SPIKE).toString());
            mentions.add(mention);
        }
        for (int i = 0; i < mentions.size(); i += 100) {
            Api.Response posted = Api.post(suite.url(Suite.LISTENER, "/api/v1/mentions"), TestTokens.bearer(
                    Roles.SERVICE),
                    mentions.subList(i, Math.min(mentions.size(), i + 100)), Map.of());
            assertThat(posted.status()).as("%s", posted).isEqualTo(202);
        }
        String driver = (Mentions.SOURCE + ":" + authorId).toLowerCase();
        await("a crisis of " + crisisBrand + " led by the subject, its webhook refused and pending").atMost(Duration
                .ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1)).until(() -> RECEIVED.stream()
                        .anyMatch(x -> !x.accepted() && x.body().contains(crisisBrand) && x.body().toLowerCase()
                                .contains(driver))
                        && !dbHits(Suite.ESCALATION, List.of(driver)).isEmpty());
        assertThat(dbHits(Suite.ESCALATION, List.of(driver))).as("topAuthors in the stored crisis, alert and delivery")
                .anyMatch(h -> h.startsWith("crises.")).anyMatch(h -> h.startsWith("crisis_alerts."))
                .anyMatch(h -> h.startsWith("webhook_deliveries."));
        return crisisBrand;
    }

    private static void inFlightRecordsOfTheErasedAuthorAreDropped(String authorId, String handle, String displayName,
            Instant fetched, List<String> identifiers) {
        String key = Ids.subjectHash(Mentions.SOURCE, authorId); // as the listener keys them: no identifier
        Mention raw = event(authorId, "@" + handle, displayName, "in flight on raw: terrible outage, refund now " + tag,
                fetched);
        Mention rawMarker = event("mark-raw-" + tag, "@mark_raw_" + tag, "Marker", "marker raw: terrible outage " + tag,
                Instant.now());
        Mention scored = event(authorId, "@" + handle, displayName, "in flight on scored: awful, I am furious " + tag,
                fetched);
        Mention scoredMarker = event("mark-scored-" + tag, "@mark_scored_" + tag, "Marker",
                "marker scored: awful, furious " + tag,
                Instant.now());
        try (TopicWriter writer = new TopicWriter(suite.kafkaBootstrap())) {
            writer.send(Topics.MENTIONS_RAW, key, EventCodec.encode(raw));
            writer.send(Topics.MENTIONS_RAW, key, EventCodec.encode(rawMarker));
            writer.send(Topics.MENTIONS_SCORED, key, EventCodec.encode(scored(scored)));
            writer.send(Topics.MENTIONS_SCORED, key, EventCodec.encode(scored(scoredMarker)));
        }
        await("the markers went through every consumer").atMost(PIPELINE).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(Api.get(suite.url(Suite.SENTIMENT, "/api/v1/scores/" + rawMarker.id()), TestTokens
                            .bearer(Roles.ANALYST))
                            .status()).isEqualTo(200);
                    assertThat(dbHits(Suite.ESCALATION, List.of("marker raw: terrible outage " + tag))).isNotEmpty();
                    assertThat(dbHits(Suite.ESCALATION, List.of("marker scored: awful, furious " + tag))).isNotEmpty();
                    assertThat(dbHits(Suite.MAP, List.of("mark-raw-" + tag))).isNotEmpty();
                    assertThat(dbHits(Suite.MAP, List.of("mark-scored-" + tag))).isNotEmpty();
                    assertThat(redisHits(List.of(rawMarker.id().toString()))).isNotEmpty();
                    assertThat(redisHits(List.of(scoredMarker.id().toString()))).isNotEmpty();
                });
        for (String service : Suite.ALL_SERVICES) {
            assertThat(dbHits(service, identifiers)).as("%s database after in-flight records", service).isEmpty();
            assertThat(dbHits(service, List.of("in flight on"))).as("%s database after in-flight records", service)
                    .isEmpty();
        }
        assertThat(redisHits(identifiers)).as("Redis after in-flight records").isEmpty();
        assertThat(redisHits(List.of(raw.id().toString(), scored.id().toString()))).as("Redis windows").isEmpty();
        assertThat(Api.get(suite.url(Suite.SENTIMENT, "/api/v1/scores/" + raw.id()), TestTokens.bearer(Roles.ANALYST))
                .status())
                .isEqualTo(404);
    }

    private static Mention event(String authorId, String handle, String displayName, String text, Instant fetched) {
        String externalId = "e2e-" + UUID.randomUUID();
        return new Mention(Mention.SCHEMA_VERSION, Ids.mentionId(Mentions.SOURCE, externalId), Mentions.SOURCE,
                externalId,
                null, brand, List.of(brand), new Author(authorId, handle, displayName, 10L, false, null), text, "en",
                fetched, fetched, null, null);
    }

    private static ScoredMention scored(Mention m) {
        return new ScoredMention(ScoredMention.SCHEMA_VERSION, m, new Scores(-0.9, SentimentLabel.negative,
                Emotions.NONE,
                0.8, Distress.NONE, 0, List.of(), List.of()), "e2e", Instant.now());
    }

    private static List<String> caseMentionIds() {
        Api.Response r = Api.get(suite.url(Suite.ESCALATION, "/api/v1/cases?brand=" + encode(brand)), TestTokens.bearer(
                Roles.AGENT));
        List<String> out = new ArrayList<>();
        r.items().forEach(c -> out.addAll(texts(c.path("mentionIds"))));
        return out;
    }

    private static List<String> dbHits(String service, List<String> needles) {
        return StoreSearch.find(suite.jdbcUrl(service), System.getenv().getOrDefault("EARSHOT_PG_USER", "postgres"),
                System.getenv().getOrDefault("EARSHOT_PG_PASSWORD", ""), needles);
    }

    /** Keys under every service's prefix whose name, members or values hold a needle (case-insensitive). */
    private static List<String> redisHits(List<String> needles) {
        List<String> hits = new ArrayList<>();
        try (RedisPeek redis = new RedisPeek(suite.redisHost(), suite.redisPort(), suite.redisDatabase())) {
            for (String service : Suite.ALL_SERVICES) {
                for (String line : redis.dump(suite.redisPrefix(service))) {
                    String lower = line.toLowerCase();
                    if (needles.stream().anyMatch(n -> lower.contains(n.toLowerCase()))) {
                        hits.add(line);
                    }
                }
            }
        }
        return hits;
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
