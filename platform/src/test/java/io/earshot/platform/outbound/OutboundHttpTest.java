package io.earshot.platform.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbound client against a loopback fixture. Internal addresses are refused before any connection (so the
 * non-loopback ones below never see a packet); names resolve through a fixed table, never through DNS.
 */
class OutboundHttpTest {
    private static final long MB = 1024 * 1024;
    private static Vertx vertx;
    private static HttpServer server;
    private static int port;
    private static final List<String> seen = new CopyOnWriteArrayList<>();
    private static final AtomicLong streamed = new AtomicLong();
    private static final CountDownLatch streamEnded = new CountDownLatch(1);
    private static volatile boolean streamCompleted;

    @BeforeAll
    static void start() throws IOException {
        vertx = Vertx.vertx();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            seen.add(path + " host=" + ex.getRequestHeaders().getFirst("Host"));
            switch (path) {
                case "/to-loopback" -> redirect(ex, "http://127.0.0.1:" + port + "/secret");
                case "/to-self" -> redirect(ex, "/ok");
                case "/loop" -> redirect(ex, "/loop");
                case "/endless" -> { // 64 MB in chunks: a client that buffers first would take all of it
                    ex.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    try (OutputStream out = ex.getResponseBody()) {
                        for (int i = 0; i < 1024; i++) {
                            out.write(chunk);
                            streamed.addAndGet(chunk.length);
                        }
                        streamCompleted = true;
                    } catch (IOException e) {
                        // the client closed the connection: what the cap should do
                    } finally {
                        streamEnded.countDown();
                    }
                }
                case "/announced" -> {
                    ex.sendResponseHeaders(200, 2 * MB);
                    ex.close();
                }
                default -> {
                    byte[] b = "hello".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                    ex.close();
                }
            }
        });
        server.start();
        port = server.getAddress().getPort();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static OutboundHttp client(AddressPolicy policy, OutboundHttp.Resolver resolver, long maxBody) {
        return new OutboundHttp(vertx, policy, resolver, new OutboundHttp.Options(Duration.ofSeconds(10), maxBody, 3,
                "test"));
    }

    private static OutboundHttp.Resolver table(Map<String, List<String>> names) {
        return host -> {
            List<String> ips = names.get(host);
            if (ips == null) {
                throw new UnknownHostException(host);
            }
            List<InetAddress> out = new java.util.ArrayList<>();
            for (String ip : ips) {
                out.add(InetAddress.getByAddress(host, AddressPolicy.literal(ip)));
            }
            return out;
        };
    }

    private static OutboundException failure(OutboundHttp c, String url) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> c.get(URI.create(url), Map.of()).await()
                .atMost(Duration.ofSeconds(20)));
        assertThat(t).as(url).isInstanceOf(OutboundException.class);
        return (OutboundException) t;
    }

    @Test
    void internalAddressesAreRefusedWithoutTheAllowListAndNothingIsSent() {
        OutboundHttp c = client(AddressPolicy.strict(), table(Map.of(
                "metadata.example", List.of("169.254.169.254"),
                "mixed.example", List.of("93.184.216.34", "10.0.0.7"),
                "mapped.example", List.of("::ffff:127.0.0.1"))), MB);
        seen.clear();
        for (String url : List.of("http://127.0.0.1:" + port + "/", "http://169.254.169.254/latest/meta-data/",
                "http://10.1.2.3/", "http://172.20.0.1/", "http://192.168.1.1/", "http://100.64.0.1/", "http://0.0.0.0:"
                        + port + "/",
                "http://[::1]:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/", "http://[::ffff:a9fe:a9fe]/",
                "http://[fe80::1]/", "http://[fd12:3456::1]/", "http://224.0.0.1/", "http://metadata.example/",
                "http://mixed.example/", "http://mapped.example:" + port + "/")) {
            OutboundException e = failure(c, url);
            assertThat(e.kind()).as(url).isEqualTo(OutboundException.Kind.REFUSED);
            assertThat(e.publicMessage()).isEqualTo("refused: internal address");
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void theCreateTimeCheckRefusesInternalHostsUnlessAllowListedAndSendsNothing() {
        OutboundHttp.Resolver names = table(Map.of("metadata.example", List.of("169.254.169.254"),
                "public.example", List.of("93.184.216.34"), "loopback.example", List.of("127.0.0.1")));
        seen.clear();
        // The allow-list off (what production has by default): the fixture's own address is refused too.
        OutboundHttp strict = client(AddressPolicy.strict(), names, MB);
        for (String url : List.of("http://127.0.0.1:" + port + "/", "http://metadata.example/", "http://[::1]/",
                "http://loopback.example:" + port + "/", "http://10.0.0.1/")) {
            assertThat(strict.refuses(URI.create(url)).await().atMost(Duration.ofSeconds(20))).as(url).isTrue();
        }
        assertThat(strict.refuses(URI.create("http://public.example/")).await().atMost(Duration.ofSeconds(20)))
                .isFalse();
        // A name that does not resolve now is left to the fetch-time check.
        assertThat(strict.refuses(URI.create("http://nowhere.example/")).await().atMost(Duration.ofSeconds(20)))
                .isFalse();
        // The tests' relaxation lets exactly 127.0.0.1 through, and nothing else.
        OutboundHttp relaxed = client(AddressPolicy.allowing(List.of("127.0.0.1")), names, MB);
        assertThat(relaxed.refuses(URI.create("http://127.0.0.1:" + port + "/")).await().atMost(Duration.ofSeconds(20)))
                .isFalse();
        assertThat(relaxed.refuses(URI.create("http://127.0.0.2:" + port + "/")).await().atMost(Duration.ofSeconds(20)))
                .isTrue();
        assertThat(seen).isEmpty();
        strict.close();
        relaxed.close();
    }

    @Test
    void aRedirectToAnInternalAddressIsRefusedAtThatHop() {
        // feed.example.test is allow-listed by name (it stands for a public feed); the hop to 127.0.0.1 is not
        OutboundHttp c = client(AddressPolicy.allowing(List.of("feed.example.test")),
                table(Map.of("feed.example.test", List.of("127.0.0.1"))), MB);
        seen.clear();
        OutboundException e = failure(c, "http://feed.example.test:" + port + "/to-loopback");
        assertThat(e.kind()).isEqualTo(OutboundException.Kind.REFUSED);
        assertThat(seen).containsExactly("/to-loopback host=feed.example.test:" + port);

        seen.clear();
        OutboundHttp.Response ok = c.get(URI.create("http://feed.example.test:" + port + "/to-self"), Map.of())
                .await().atMost(Duration.ofSeconds(20));
        assertThat(ok.status()).isEqualTo(200);
        assertThat(new String(ok.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(ok.uri().getPath()).isEqualTo("/ok");

        assertThat(failure(c, "http://feed.example.test:" + port + "/loop").kind()).isEqualTo(
                OutboundException.Kind.FAILED);
    }

    @Test
    void theConnectionGoesToTheCheckedAddressNotToASecondLookup() {
        AtomicInteger lookups = new AtomicInteger();
        OutboundHttp.Resolver rebinding = host -> {
            // the first answer passes the check; a second lookup would answer an address that must never be used
            String ip = lookups.getAndIncrement() == 0 ? "127.0.0.1" : "10.0.0.1";
            return List.of(InetAddress.getByAddress(host, AddressPolicy.literal(ip)));
        };
        OutboundHttp c = client(AddressPolicy.allowing(List.of("127.0.0.1/32")), rebinding, MB);
        seen.clear();
        OutboundHttp.Response r = c.get(URI.create("http://rebind.example.test:" + port + "/x"), Map.of())
                .await().atMost(Duration.ofSeconds(20));
        assertThat(r.status()).isEqualTo(200);
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(seen).containsExactly("/x host=rebind.example.test:" + port);
    }

    @Test
    void theBodyIsCappedWhileStreamingAndTheConnectionClosed() throws InterruptedException {
        OutboundHttp c = client(AddressPolicy.allowing(List.of("127.0.0.1")), OutboundHttp.SYSTEM, MB);
        OutboundException e = failure(c, "http://127.0.0.1:" + port + "/endless");
        assertThat(e.kind()).isEqualTo(OutboundException.Kind.TOO_LARGE);
        assertThat(e.publicMessage()).isEqualTo("fetch failed");
        assertThat(streamEnded.await(30, TimeUnit.SECONDS)).isTrue();
        // the fixture could not write its 64 MB: the client closed the connection after about 1 MB (plus socket buffers)
        assertThat(streamCompleted).isFalse();
        assertThat(streamed.get()).isLessThan(64 * MB);

        assertThat(failure(c, "http://127.0.0.1:" + port + "/announced").kind()).isEqualTo(
                OutboundException.Kind.TOO_LARGE);
    }

    @Test
    void failuresSayAGenericCauseWithoutAddressesOrClassNames() throws IOException {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        OutboundHttp c = client(AddressPolicy.allowing(List.of("127.0.0.1")), OutboundHttp.SYSTEM, MB);
        OutboundException e = failure(c, "http://127.0.0.1:" + closed + "/");
        assertThat(e.kind()).isEqualTo(OutboundException.Kind.FAILED);
        assertThat(e.publicMessage()).isEqualTo("connection refused");
        assertThat(OutboundException.publicMessage(new RuntimeException(e))).isEqualTo("connection refused");
        // What the log gets: the host the caller named and the cause; not "ConnectException: null", no resolved address.
        assertThat(e.getMessage()).isEqualTo("127.0.0.1: connection refused").doesNotContain("Exception", ":" + closed);
        assertThat(failure(c, "ftp://127.0.0.1/").publicMessage()).isEqualTo("fetch failed");
        // A name that does not resolve (the resolver's answer, as the system's would be for an unknown host).
        OutboundHttp unresolvable = client(AddressPolicy.allowing(List.of()), host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        }, MB);
        OutboundException dns = failure(unresolvable, "http://hooks.example.test/x");
        assertThat(dns.publicMessage()).isEqualTo("DNS failure");
        assertThat(dns.getMessage()).doesNotContain("Exception");
        assertThat(OutboundException.cause(new java.net.SocketTimeoutException("Read timed out"))).isEqualTo(
                "timed out");
        assertThat(OutboundException.cause(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")))
                .isEqualTo("TLS failure");
        assertThat(OutboundException.cause(new java.net.ConnectException())).isEqualTo("connection refused");
    }

    @Test
    void theAllowListTakesRangesAddressesAndNames() throws UnknownHostException {
        AddressPolicy p = AddressPolicy.allowing(List.of(" 10.20.0.0/16 ", "fd00::/8", "Feeds.Intranet.Example", ""));
        assertThat(p.refusal(InetAddress.getByName("10.20.3.4"))).isNull();
        assertThat(p.refusal(InetAddress.getByName("10.21.0.1"))).isNotNull();
        assertThat(p.refusal(InetAddress.getByName("fd00::5"))).isNull();
        assertThat(p.hostAllowed("feeds.intranet.example")).isTrue();
        assertThat(p.hostAllowed("other.example")).isFalse();
        assertThat(AddressPolicy.strict().refusal(InetAddress.getByName("93.184.216.34"))).isNull();
        assertThat(AddressPolicy.strict().refusal(InetAddress.getByName("2606:2800:220:1::1"))).isNull();
        assertThatThrownBy(() -> AddressPolicy.allowing(List.of("10.0.0.0/33"))).isInstanceOf(
                IllegalArgumentException.class);
    }
}
