package io.earshot.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Two refusals that happen before a resource method runs, answered as problems like every other: a body larger than
 * {@code quarkus.http.limits.max-body-size} (413, decided from Content-Length before the body is read; Quarkus'
 * own limit would answer an empty 413), and a body sent without a Content-Type (415; Quarkus REST would otherwise
 * read it as whatever the method consumes). Neither reads the body; after a 413 the connection is closed.
 */
@ApplicationScoped
public class RequestChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> WITH_BODY = Set.of("POST", "PUT", "PATCH", "DELETE");

    void install(@Observes Router router,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        long limit = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(ctx -> check(ctx, limit));
    }

    private static void check(RoutingContext ctx, long limit) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        boolean body = declared > 0 || ctx.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (declared > limit) {
            refuse(ctx, Problem.of(413, "Payload Too Large", "the body of " + declared + " bytes exceeds the limit of "
                    + limit + " bytes"));
        } else if (body && WITH_BODY.contains(ctx.request().method().name())
                && blank(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            refuse(ctx, Problem.of(415, "Unsupported Media Type",
                    "a body needs a Content-Type, e.g. application/json"));
        } else {
            ctx.next();
        }
    }

    private static boolean blank(String header) {
        return header == null || header.isBlank();
    }

    private static void refuse(RoutingContext ctx, Problem problem) {
        Problem p = problem.withInstance(ctx.request().path(), null);
        String body;
        try {
            body = JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            body = "{\"title\":\"" + p.title() + "\",\"status\":" + p.status() + "}";
        }
        ctx.response().setStatusCode(p.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (p.status() == 413) {
            // Too large to drain: close the connection after the answer.
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        ctx.response().end(body);
    }
}
