package io.earshot.platform.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemMappers;
import io.earshot.platform.redis.RedisSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Idempotency keys for every write API (POST, PUT, PATCH, DELETE) of every service. A request with an
 * {@code Idempotency-Key} header (1 to 255 printable ASCII characters) is recorded in Redis under a hash of the
 * principal, method, path and key:
 * <ul>
 * <li>the first request claims the key ({@code SET NX}, with the lock TTL) and runs; its answer (status, content type,
 * body) is stored for the TTL. A 5xx answer is not stored: the key is released so that the client may retry;</li>
 * <li>a repeat with the same body gets the stored answer again, with {@code Idempotent-Replayed: true}, and nothing
 * runs twice;</li>
 * <li>an answer with {@code Cache-Control: no-store} (one that shows a secret once) is stored without its body: a
 * repeat gets its status and Location only, so no secret is ever kept in Redis;</li>
 * <li>a repeat with a different body (SHA-256 of content type and body) gets 422;</li>
 * <li>a repeat while the first is still running gets 409.</li>
 * </ul>
 * Requests without the header are untouched. Runs after authentication and role checks (post-matching), so a 401 or
 * 403 never claims a key. If Redis is unreachable the request is refused with 503 rather than risk running twice.
 */
@ApplicationScoped
public class IdempotencyFilter {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".key";
    private static final String FINGERPRINT = IdempotencyFilter.class.getName() + ".fingerprint";
    /** Largest body a keyed request may have (the services' own limits are lower). */
    static final int MAX_BODY = 16 * 1024 * 1024;

    private final ReactiveRedisDataSource redis;
    private final ObjectMapper mapper;
    private final String prefix;
    private final Duration ttl;
    private final Duration lockTtl;

    public IdempotencyFilter(ReactiveRedisDataSource redis, ObjectMapper mapper,
            RedisSettings redisSettings, IdempotencySettings settings) {
        this.redis = redis;
        this.mapper = mapper;
        this.prefix = redisSettings.keyPrefix();
        this.ttl = settings.ttl();
        this.lockTtl = settings.lockTtl();
    }

    /** The Redis key of one (principal, method, path, idempotency key). */
    public static String redisKey(String prefix, String principal, String method, String path, String key) {
        return prefix + "idem:" + sha256((principal + "\u0000" + method + "\u0000" + path + "\u0000" + key)
                .getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter
    public Uni<Response> claim(ContainerRequestContext ctx, HttpServerRequest request) {
        String key = ctx.getHeaderString(HEADER);
        if (key == null || !WRITES.contains(ctx.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return Uni.createFrom().item(problem(ctx, 400, "Bad Request",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters", HEADER));
        }
        Principal principal = ctx.getSecurityContext() == null ? null : ctx.getSecurityContext().getUserPrincipal();
        String redisKey = redisKey(prefix, principal == null ? "" : principal.getName(), ctx.getMethod(),
                ctx.getUriInfo().getPath(), key);
        return body(request).flatMap(bytes -> {
            if (bytes == null) {
                return Uni.createFrom().item(problem(ctx, 413, "Content Too Large", "the request body is too large",
                        "body"));
            }
            // The body is read here, without blocking, and handed on: the resource reads it from this stream.
            ctx.setEntityStream(new ByteArrayInputStream(bytes));
            MediaType type = ctx.getMediaType();
            return claim(ctx, redisKey, fingerprint(type == null ? "" : type.getType() + "/" + type.getSubtype(),
                    bytes));
        });
    }

    /** The whole body of a (paused) request, read asynchronously; null when it exceeds {@link #MAX_BODY}. */
    private static Uni<byte[]> body(HttpServerRequest request) {
        if (request.isEnded()) {
            return Uni.createFrom().item(new byte[0]);
        }
        return Uni.createFrom().emitter(em -> {
            Buffer buffer = Buffer.buffer();
            boolean[] tooLarge = {false};
            request.handler(chunk -> {
                if (!tooLarge[0]) {
                    buffer.appendBuffer(chunk);
                    tooLarge[0] = buffer.length() > MAX_BODY;
                }
            });
            request.exceptionHandler(em::fail);
            request.endHandler(v -> em.complete(tooLarge[0] ? null : buffer.getBytes()));
            request.resume();
        });
    }

    private Uni<Response> claim(ContainerRequestContext ctx, String redisKey, String fingerprint) {
        ObjectNode pending = mapper.createObjectNode().put("state", "pending").put("fingerprint", fingerprint);
        return redis.getRedis().send(Request.cmd(Command.SET).arg(redisKey).arg(pending.toString()).arg("NX").arg("PX")
                .arg(lockTtl.toMillis()))
                .flatMap(set -> {
                    if (set != null) { // claimed: run the request, remember its answer afterwards
                        ctx.setProperty(CLAIM, redisKey);
                        ctx.setProperty(FINGERPRINT, fingerprint);
                        return Uni.createFrom().<Response>nullItem();
                    }
                    return redis.getRedis().send(Request.cmd(Command.GET).arg(redisKey)).map(stored -> {
                        if (stored == null) { // expired in between: ask the client to try again
                            return problem(ctx, 409, "Conflict", "a request with this Idempotency-Key is in progress",
                                    HEADER);
                        }
                        return replay(ctx, read(stored.toString()), fingerprint);
                    });
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("idempotency store unavailable: %s", e.toString());
                    return problem(ctx, 503, "Service Unavailable",
                            "idempotency keys cannot be checked now; retry later", HEADER);
                });
    }

    @ServerResponseFilter
    public Uni<Void> remember(ContainerRequestContext req, ContainerResponseContext res) {
        Object redisKey = req.getProperty(CLAIM);
        if (redisKey == null) {
            return Uni.createFrom().voidItem();
        }
        req.removeProperty(CLAIM);
        if (res.getStatus() >= 500) {
            return redis.getRedis().send(Request.cmd(Command.DEL).arg(redisKey.toString())).replaceWithVoid()
                    .onFailure().recoverWithNull().replaceWithVoid();
        }
        String body;
        try {
            Object entity = res.getEntity();
            // An answer marked no-store carries a secret shown once (a webhook's signing secret): its body is never
            // written to Redis; a repeat gets the status and Location only.
            body = entity == null || noStore(res)
                    ? null
                    : entity instanceof String s ? s : mapper.writeValueAsString(entity);
        } catch (IOException e) {
            LOG.warnf("idempotency: answer of %s not storable: %s", req.getUriInfo().getPath(), e.getMessage());
            return redis.getRedis().send(Request.cmd(Command.DEL).arg(redisKey.toString())).replaceWithVoid();
        }
        ObjectNode done = mapper.createObjectNode().put("state", "done")
                .put("fingerprint", String.valueOf(req.getProperty(FINGERPRINT)))
                .put("status", res.getStatus())
                .put("contentType", res.getMediaType() == null ? null : res.getMediaType().toString())
                .put("body", body);
        String location = res.getHeaderString("Location");
        if (location != null) {
            done.put("location", location);
        }
        return redis.getRedis().send(Request.cmd(Command.SET).arg(redisKey.toString()).arg(done.toString()).arg("PX")
                .arg(ttl.toMillis())).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("idempotency: answer not stored: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /**
     * Erasure of a data subject from the stored answers: every answer of this service whose body names the subject
     * ({@code subject}, e.g. {@link io.earshot.platform.privacy.Subjects#pattern}) has those names replaced by
     * {@code [erased]}, keeping its TTL, status and fingerprint, so a repeat is still answered without running twice
     * and no longer shows the subject. Answers how many entries were rewritten. Erasures are rare; the scan walks only
     * this service's {@code idem:} keys.
     */
    public Uni<Integer> scrub(java.util.regex.Pattern subject) {
        if (subject == null) {
            return Uni.createFrom().item(0);
        }
        var keys = redis.key(String.class).scan(new io.quarkus.redis.datasource.keys.KeyScanArgs().match(prefix
                + "idem:*").count(500));
        return keys.toMulti().onItem().transformToUniAndConcatenate(key -> redis.value(String.class).get(key)
                .flatMap(json -> {
                    if (json == null) {
                        return Uni.createFrom().item(0);
                    }
                    ObjectNode stored = read(json);
                    String body = stored.path("body").isTextual() ? stored.get("body").asText() : null;
                    if (body == null || !subject.matcher(body).find()) {
                        return Uni.createFrom().item(0);
                    }
                    stored.put("body", io.earshot.platform.privacy.Subjects.scrub(body, subject));
                    return redis.getRedis().send(Request.cmd(Command.SET).arg(key).arg(stored.toString()).arg("XX")
                            .arg("KEEPTTL")).map(r -> r == null ? 0 : 1);
                }))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }

    /** Whether the answer says {@code Cache-Control: no-store} (it holds a secret). */
    static boolean noStore(ContainerResponseContext res) {
        String cc = res.getHeaderString("Cache-Control");
        return cc != null && cc.toLowerCase(java.util.Locale.ROOT).contains("no-store");
    }

    private Response replay(ContainerRequestContext ctx, ObjectNode stored, String fingerprint) {
        if (!fingerprint.equals(stored.path("fingerprint").asText())) {
            return problem(ctx, 422, "Unprocessable Content",
                    "this Idempotency-Key was used with a different request body", HEADER);
        }
        if (!"done".equals(stored.path("state").asText())) {
            return problem(ctx, 409, "Conflict", "a request with this Idempotency-Key is in progress", HEADER);
        }
        Response.ResponseBuilder r = Response.status(stored.path("status").asInt()).header(REPLAYED, "true");
        if (!stored.path("body").isNull() && stored.has("body")) {
            r.entity(stored.path("body").asText());
        }
        if (stored.hasNonNull("contentType")) {
            r.type(MediaType.valueOf(stored.get("contentType").asText()));
        }
        if (stored.hasNonNull("location")) {
            r.header("Location", stored.get("location").asText());
        }
        return r.build();
    }

    private ObjectNode read(String json) {
        try {
            return (ObjectNode) mapper.readTree(json);
        } catch (IOException | ClassCastException e) {
            return mapper.createObjectNode().put("state", "pending").put("fingerprint", "");
        }
    }

    /** The fingerprint of a request: SHA-256 of its media type (type/subtype, no parameters), a NUL and its body. */
    public static String fingerprint(String mediaType, byte[] body) {
        byte[] head = (mediaType + "\u0000").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return sha256(all);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response problem(ContainerRequestContext ctx, int status, String title, String detail,
            String field) {
        return ProblemMappers.respond(Problem.of(status, title, detail).withErrors(List.of(new Problem.FieldError(field,
                detail))), ctx.getUriInfo().getPath());
    }
}
