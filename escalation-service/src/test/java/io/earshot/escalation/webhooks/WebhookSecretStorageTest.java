package io.earshot.escalation.webhooks;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.platform.idempotency.IdempotencyFilter;
import io.earshot.testing.TestTokens;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Webhook signing secrets at rest (#26 finding 7): sealed in the table (AES-GCM under EARSHOT_SECRETS_KEY), shown
 * once with {@code Cache-Control: no-store}, never written to the idempotency store, and rows written in the clear by
 * earlier versions sealed by the start-up migration, still signing with the same secret.
 */
@QuarkusTest
class WebhookSecretStorageTest {
    private static final String PATH = "/api/v1/webhooks/endpoints";

    @Inject
    Pool pool;
    @Inject
    RedisDataSource redis;
    @Inject
    WebhookStore store;
    @ConfigProperty(name = "earshot.redis.key-prefix")
    String prefix;

    private String stored(String id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                "select secret from webhook_endpoints where id = $1")
                .execute(Tuple.of(UUID.fromString(id))).map(rs -> rs.iterator().next().getString(0)));
    }

    private Response admin(String method, String path, String key, String body) {
        var spec = given().header("Authorization", TestTokens.bearer("admin")).contentType(ContentType.JSON);
        if (key != null) {
            spec = spec.header(IdempotencyFilter.HEADER, key);
        }
        return (body == null ? spec : spec.body(body)).request(method, path);
    }

    private String idempotencyEntry(String method, String path, String key) {
        return redis.value(String.class).get(IdempotencyFilter.redisKey(prefix, "test-admin", method, path, key));
    }

    @Test
    void aNewSecretIsShownOnceSealedAtRestAndNeverInTheIdempotencyStore() throws Throwable {
        String key = "k-" + UUID.randomUUID();
        String body = "{\"url\":\"https://hooks.example.org/earshot\"}";
        Response created = admin("POST", PATH, key, body);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).contains("no-store");
        String id = created.jsonPath().getString("id");
        String secret = created.jsonPath().getString("secret");
        assertThat(secret).startsWith("whsec_");

        String atRest = stored(id);
        assertThat(atRest).startsWith("v1.").doesNotContain(secret).doesNotContain(secret.substring(6));
        assertThat(store.open(atRest, UUID.fromString(id))).isEqualTo(secret);

        String entry = idempotencyEntry("POST", PATH, key);
        assertThat(entry).isNotNull().contains("\"status\":201").doesNotContain(secret).doesNotContain(secret.substring(
                6));
        // A repeat creates nothing and shows no secret: the status and nothing else.
        Response again = admin("POST", PATH, key, body);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.header(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(again.body().asString()).doesNotContain(secret.substring(6));
        assertThat(given().header("Authorization", TestTokens.bearer("admin")).get(PATH).then().statusCode(200)
                .extract()
                .jsonPath().getList("findAll { it.url == 'https://hooks.example.org/earshot' && it.id == '" + id
                        + "' }"))
                .hasSize(1);
        // The list never shows it.
        assertThat(given().header("Authorization", TestTokens.bearer("admin")).get(PATH).body().asString())
                .doesNotContain(secret.substring(6));

        // Rotation: a new sealed value, shown once, not in the idempotency store either.
        String rotateKey = "k-" + UUID.randomUUID();
        Response rotated = admin("PATCH", PATH + "/" + id, rotateKey, "{\"rotateSecret\":true}");
        assertThat(rotated.statusCode()).isEqualTo(200);
        assertThat(rotated.header("Cache-Control")).contains("no-store");
        String next = rotated.jsonPath().getString("secret");
        assertThat(next).startsWith("whsec_").isNotEqualTo(secret);
        String atRestAfter = stored(id);
        assertThat(atRestAfter).startsWith("v1.").isNotEqualTo(atRest).doesNotContain(next.substring(6));
        assertThat(store.open(atRestAfter, UUID.fromString(id))).isEqualTo(next);
        assertThat(idempotencyEntry("PATCH", PATH + "/" + id, rotateKey)).isNotNull().doesNotContain(next.substring(6));
        // Enabling or disabling shows no secret and may be cached as usual.
        Response disabled = admin("PATCH", PATH + "/" + id, null, "{\"enabled\":false}");
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.jsonPath().getString("secret")).isNull();
        admin("DELETE", PATH + "/" + id, null, null).then().statusCode(204);
    }

    @Test
    void plaintextSecretsOfEarlierVersionsAreSealedInPlaceAndStillSignTheSame() throws Throwable {
        UUID id = UUID.randomUUID();
        String plain = "whsec_legacy" + UUID.randomUUID().toString().replace("-", "");
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("""
                insert into webhook_endpoints (id, url, secret, events, format, enabled, created_by)
                values ($1, 'https://legacy.example.org/hook', $2, 'crisis.alert', 'event', false, 'test')""")
                .execute(Tuple.of(id, plain)));
        // Until the migration runs, the row is used as it is (a start-up in progress must not break deliveries).
        assertThat(store.open(plain, id)).isEqualTo(plain);

        int sealed = VertxContextSupport.subscribeAndAwait(() -> store.sealPlaintext());
        assertThat(sealed).isGreaterThanOrEqualTo(1);
        String atRest = stored(id.toString());
        assertThat(atRest).startsWith("v1.").doesNotContain(plain);
        assertThat(store.open(atRest, id)).isEqualTo(plain);
        // Bound to its row: the same sealed text does not open for another endpoint.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.open(atRest, UUID.randomUUID()))
                .isInstanceOf(IllegalArgumentException.class);
        // Running again changes nothing.
        VertxContextSupport.subscribeAndAwait(() -> store.sealPlaintext());
        assertThat(stored(id.toString())).isEqualTo(atRest);
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("delete from webhook_endpoints where id = $1")
                .execute(Tuple.of(id)));
    }

    @Test
    void aProductionStartWithConfiguredEndpointsNeedsTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> WebhookSecretMigration.requireKey(false,
                java.util.List.of("https://hooks.example.org/x"), io.quarkus.runtime.LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EARSHOT_SECRETS_KEY");
        WebhookSecretMigration.requireKey(true, java.util.List.of("https://hooks.example.org/x"),
                io.quarkus.runtime.LaunchMode.NORMAL);
        WebhookSecretMigration.requireKey(false, java.util.List.of(), io.quarkus.runtime.LaunchMode.NORMAL);
    }
}
