package io.earshot.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy for fault injection: forwards every connection to a target port, and on demand cuts all open
 * connections and refuses new ones for a while ({@link #cut}), or delays every chunk of traffic ({@link #delay}).
 * One thread per direction per connection: the services hold a few dozen pooled connections at most.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong refuseUntil = new AtomicLong();
    private final AtomicLong delayUntil = new AtomicLong();
    private volatile long delayMillis;
    private volatile boolean closed;
    private final AtomicLong cutConnections = new AtomicLong();

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the proxy port", e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections cut so far by {@link #cut}. */
    long cutConnections() {
        return cutConnections.get();
    }

    /** Closes every open connection at once and refuses (accepts, then closes) new ones for {@code outage}. */
    void cut(Duration outage) {
        refuseUntil.set(System.nanoTime() + outage.toNanos());
        for (Socket s : open) {
            cutConnections.incrementAndGet();
            closeQuietly(s);
        }
    }

    /** Holds every chunk of traffic in both directions for {@code each}, for the next {@code during}. */
    void delay(Duration each, Duration during) {
        delayMillis = each.toMillis();
        delayUntil.set(System.nanoTime() + during.toNanos());
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (System.nanoTime() < refuseUntil.get()) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pipe(client, upstream);
                pipe(upstream, client);
            } catch (IOException e) {
                closeQuietly(client); // the target is down: the client sees a refused connection, as without the proxy
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (System.nanoTime() < delayUntil.get()) {
                        Thread.sleep(delayMillis); // the injected latency itself, not a synchronisation
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // the other side went away, or cut() closed us
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                open.remove(from);
                open.remove(to);
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(TcpProxy::closeQuietly);
    }
}
