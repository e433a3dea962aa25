package io.earshot.platform.outbound;

import io.smallrye.mutiny.Uni;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one HTTP client for requests to addresses that users configure (source feeds, webhook receivers). It
 * <ul>
 * <li>resolves the host itself and refuses internal addresses ({@link AddressPolicy}) before connecting;</li>
 * <li>connects to the address it checked (the connection is pinned to it, so a second DNS answer cannot swap in an
 * internal address between the check and the connect), while Host, SNI and certificate checks use the host name;</li>
 * <li>follows no redirect by itself: a GET follows at most {@code maxRedirects} hops, each resolved and checked
 * again; a POST follows none;</li>
 * <li>streams the body into memory up to {@code maxBody} bytes and closes the connection past it (a Content-Length
 * over the cap is refused before reading);</li>
 * <li>fails with {@link OutboundException}, whose public message is generic.</li>
 * </ul>
 * Answers of every status are returned (callers decide); the Uni completes on a Vert.x event loop.
 */
public final class OutboundHttp implements AutoCloseable {
    /** Host name to addresses; blocking (it runs on a worker thread). Tests pass a fixed table. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** The system resolver (DNS, /etc/hosts). */
    public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Per-client limits: a whole request (all hops) must finish within {@code timeout}. */
    public record Options(Duration timeout, long maxBody, int maxRedirects, String userAgent) {
        public Options {
            Objects.requireNonNull(timeout);
            if (maxBody <= 0 || maxRedirects < 0) {
                throw new IllegalArgumentException("maxBody must be positive and maxRedirects not negative");
            }
        }
    }

    /** An answer: status, headers (case-insensitive), the body (at most maxBody bytes) and the URI that gave it. */
    public record Response(int status, MultiMap headers, byte[] body, URI uri) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private static final List<String> CREDENTIAL_HEADERS = List.of("authorization", "cookie", "proxy-authorization");

    private final Vertx vertx;
    private final AddressPolicy policy;
    private final Resolver resolver;
    private final Options options;
    private final HttpClient client;

    public OutboundHttp(Vertx vertx, AddressPolicy policy, Resolver resolver, Options options) {
        this.vertx = vertx;
        this.policy = policy;
        this.resolver = resolver;
        this.options = options;
        int ms = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(ms).setIdleTimeout(ms)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setVerifyHost(true).setDecompressionSupported(false));
    }

    /** GET, following up to maxRedirects redirects (each hop checked). */
    public Uni<Response> get(URI uri, Map<String, String> headers) {
        return deadline(hop(HttpMethod.GET, uri, headers, null, 0));
    }

    /**
     * Whether a URL would be refused at fetch time because its host is, or resolves to, an internal address that the
     * allow-list does not name: the check made when a source or webhook URL is created or changed, so that such a URL
     * is refused with a problem at once rather than at every fetch. A host that does not resolve now is not refused
     * here (DNS may be down; the fetch checks again); nothing is sent.
     */
    public Uni<Boolean> refuses(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return Uni.createFrom().item(false);
        }
        return address(uri.getHost()).map(a -> false)
                .ifNoItem().after(options.timeout()).recoverWithItem(false)
                .onFailure(OutboundException.class).recoverWithItem(e -> e.kind() == OutboundException.Kind.REFUSED)
                .onFailure().recoverWithItem(false);
    }

    /** POST of a body; redirects are answers, not followed. */
    public Uni<Response> post(URI uri, Map<String, String> headers, String body) {
        return deadline(hop(HttpMethod.POST, uri, headers, Buffer.buffer(body), options.maxRedirects()));
    }

    @Override
    public void close() {
        client.close();
    }

    private Uni<Response> deadline(Uni<Response> request) {
        return request.ifNoItem().after(options.timeout())
                .failWith(() -> OutboundException.timedOut("timed out after " + options.timeout()));
    }

    private Uni<Response> hop(HttpMethod method, URI uri, Map<String, String> headers, Buffer body, int hops) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri
                .getRawUserInfo() != null) {
            return Uni.createFrom().failure(new OutboundException(OutboundException.Kind.FAILED,
                    "not an http(s) URL without credentials: " + uri.getScheme() + "://" + uri.getHost()));
        }
        return address(uri.getHost()).flatMap(address -> send(method, uri, address, headers, body)).flatMap(r -> {
            String location = r.header("Location");
            if (method != HttpMethod.GET || !isRedirect(r.status()) || location == null) {
                return Uni.createFrom().item(r);
            }
            if (hops >= options.maxRedirects()) {
                return Uni.createFrom().failure(new OutboundException(OutboundException.Kind.FAILED,
                        "more than " + options.maxRedirects() + " redirects from " + uri.getHost()));
            }
            URI next;
            try {
                next = uri.resolve(new URI(location.strip()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Uni.createFrom().failure(new OutboundException(OutboundException.Kind.FAILED,
                        "bad redirect location", e));
            }
            return hop(method, next, sameOrigin(uri, next) ? headers : withoutCredentials(headers), null, hops + 1);
        });
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(String.valueOf(b
                .getHost()))
                && port(a) == port(b);
    }

    private static Map<String, String> withoutCredentials(Map<String, String> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!CREDENTIAL_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : ("https".equalsIgnoreCase(u.getScheme()) ? 443 : 80);
    }

    /** The address to connect to: a literal as is, a name resolved on a worker thread; refused when internal. */
    Uni<InetAddress> address(String host) {
        byte[] literal = AddressPolicy.literal(host);
        if (literal != null) {
            try {
                return Uni.createFrom().item(checked(host, List.of(InetAddress.getByAddress(literal))));
            } catch (UnknownHostException | OutboundException e) {
                return Uni.createFrom().failure(e);
            }
        }
        return Uni.createFrom().completionStage(() -> vertx.<InetAddress>executeBlocking(
                () -> checked(host, resolver.resolve(host)), false).toCompletionStage())
                .onFailure(e -> !(e instanceof OutboundException)).transform(e -> new OutboundException(
                        OutboundException.Kind.FAILED, "cannot resolve " + host + ": "
                                + OutboundException.cause(e), e));
    }

    /** The first address, when every address of the host is allowed (a mixed answer is refused). */
    private InetAddress checked(String host, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            throw OutboundException.noAddress("no address for " + host);
        }
        if (!policy.hostAllowed(host)) {
            for (InetAddress a : addresses) {
                String why = policy.refusal(a);
                if (why != null) {
                    throw new OutboundException(OutboundException.Kind.REFUSED, host + " is an " + why);
                }
            }
        }
        return addresses.get(0);
    }

    private Uni<Response> send(HttpMethod method, URI uri, InetAddress address, Map<String, String> headers,
            Buffer body) {
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = AddressPolicy.unbracket(uri.getHost());
        RequestOptions ro = new RequestOptions().setMethod(method).setHost(host).setPort(port(uri)).setURI(path)
                .setSsl(tls).setFollowRedirects(false)
                .setServer(SocketAddress.inetSocketAddress(port(uri), address.getHostAddress()))
                .putHeader("User-Agent", options.userAgent());
        headers.forEach(ro::putHeader);
        return Uni.createFrom().emitter(em -> {
            AtomicBoolean finished = new AtomicBoolean();
            AtomicReference<HttpClientRequest> open = new AtomicReference<>();
            em.onTermination(() -> {
                HttpClientRequest r = open.get();
                if (!finished.get() && r != null) {
                    r.reset(); // cancelled (the deadline): close the connection
                }
            });
            client.request(ro).onFailure(e -> fail(em, finished, failed(uri, e))).onSuccess(req -> {
                open.set(req);
                (body == null ? req.send() : req.send(body)).onFailure(e -> fail(em, finished, failed(uri, e)))
                        .onSuccess(resp -> read(em, finished, req, resp, uri));
            });
        });
    }

    private void read(io.smallrye.mutiny.subscription.UniEmitter<? super Response> em, AtomicBoolean finished,
            HttpClientRequest req, HttpClientResponse resp, URI uri) {
        long max = options.maxBody();
        String length = resp.getHeader("Content-Length");
        if (length != null && length.strip().matches("[0-9]{1,18}") && Long.parseLong(length.strip()) > max) {
            fail(em, finished, new OutboundException(OutboundException.Kind.TOO_LARGE,
                    uri.getHost() + " announced " + length.strip() + " bytes, more than " + max));
            req.reset();
            return;
        }
        Buffer acc = Buffer.buffer();
        resp.handler(chunk -> {
            if (finished.get()) {
                return;
            }
            if (acc.length() + (long) chunk.length() > max) {
                fail(em, finished, new OutboundException(OutboundException.Kind.TOO_LARGE,
                        uri.getHost() + " sent more than " + max + " bytes"));
                req.reset();
                return;
            }
            acc.appendBuffer(chunk);
        });
        resp.exceptionHandler(e -> fail(em, finished, failed(uri, e)));
        resp.endHandler(v -> {
            if (finished.compareAndSet(false, true)) {
                em.complete(new Response(resp.statusCode(), MultiMap.caseInsensitiveMultiMap().addAll(resp.headers()),
                        acc.getBytes(), uri));
            }
        });
    }

    private static void fail(io.smallrye.mutiny.subscription.UniEmitter<?> em, AtomicBoolean finished, Throwable e) {
        if (finished.compareAndSet(false, true)) {
            em.fail(e);
        }
    }

    /** The failure as logged: the host the caller named and the generic cause, never the address it resolved to. */
    private static OutboundException failed(URI uri, Throwable e) {
        return e instanceof OutboundException o
                ? o
                : new OutboundException(OutboundException.Kind.FAILED, uri.getHost() + ": " + OutboundException.cause(
                        e), e);
    }
}
