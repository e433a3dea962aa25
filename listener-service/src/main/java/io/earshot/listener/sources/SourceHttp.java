package io.earshot.listener.sources;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP client of the connectors: the JDK client's asynchronous API ({@code sendAsync}), so no event-loop thread
 * ever blocks on a source, with a connect timeout and a per-request timeout. Answers other than 2xx and 304 fail
 * with {@link SourceHttpException} carrying Retry-After; bodies larger than the configured maximum are rejected.
 */
@ApplicationScoped
public class SourceHttp {
    /** What a source answered. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient client;
    private final Duration timeout;
    private final int maxBody;
    private final String userAgent;
    private final Duration maxRetryAfter;

    public SourceHttp(@ConfigProperty(name = "earshot.sources.http.timeout") Duration timeout,
            @ConfigProperty(name = "earshot.sources.http.max-body") int maxBody,
            @ConfigProperty(name = "earshot.sources.http.user-agent") String userAgent,
            @ConfigProperty(name = "earshot.sources.retry-after.max") Duration maxRetryAfter) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
        this.maxBody = maxBody;
        this.userAgent = userAgent;
        this.maxRetryAfter = maxRetryAfter;
    }

    public Uni<Response> get(URI uri, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).GET().header("User-Agent", userAgent);
        headers.forEach(b::header);
        HttpRequest request = b.build();
        return Uni.createFrom().completionStage(() -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()))
                .map(r -> {
                    int status = r.statusCode();
                    if (status == 304 || (status >= 200 && status < 300)) {
                        if (r.body().length > maxBody) {
                            throw new MalformedPayloadException("the body is larger than " + maxBody + " bytes");
                        }
                        return new Response(status, new String(r.body(), StandardCharsets.UTF_8), r.headers());
                    }
                    throw new SourceHttpException(status, retryAfter(r.headers().firstValue("Retry-After").orElse(null),
                            Clock.systemUTC().instant()));
                });
    }

    /** Parses Retry-After (delta-seconds or an HTTP date), capped at the configured maximum; null when absent or bad. */
    Duration retryAfter(String value, Instant now) {
        Duration d = parseRetryAfter(value, now);
        return d == null ? null : (d.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : d);
    }

    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
