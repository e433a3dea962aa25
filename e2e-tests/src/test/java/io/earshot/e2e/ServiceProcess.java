package io.earshot.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One packaged service ({@code <repo>/<name>-service/target/quarkus-app/quarkus-run.jar}) run as an OS process on a
 * fixed port, its output appended to a log file. It can be stopped gracefully, killed ({@code SIGKILL}) and started
 * again on the same port with the same environment, for fault-injection tests.
 */
public final class ServiceProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> env;
    private final List<String> jvmArgs;
    private final Path log;
    private Process process;
    private int starts;

    public ServiceProcess(String name, Path jar, int port, Map<String, String> env, List<String> jvmArgs, Path log) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.env = new LinkedHashMap<>(env);
        this.jvmArgs = List.copyOf(jvmArgs);
        this.log = log;
    }

    /** Short name: listener, sentiment, escalation or map. */
    public String name() {
        return name;
    }

    /** The {@code service.name} it reports in traces. */
    public String serviceName() {
        return name + "-service";
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + (path.startsWith("/") ? path : "/" + path));
    }

    /** Starts the process (a no-op when it is running). */
    public synchronized ServiceProcess start() {
        if (isAlive()) {
            return this;
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " not found: package " + serviceName()
                    + " first (./mvnw -B -pl e2e-tests -am verify builds it)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(jar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== e2e: start #" + (++starts) + " of " + serviceName() + " on port " + port
                    + " at "
                    + Instant.now() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + serviceName(), e);
        }
        return this;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(serviceName() + " was never started");
        }
        return process.pid();
    }

    /** True when {@code /q/health/ready} answers 200 right now. */
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(url("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until {@code /q/health/ready} answers 200; fails at once when the process exits, or after {@code timeout},
     * with the tail of the service's log.
     */
    public void awaitReady(Duration timeout) {
        Duration bounded = timeout.isNegative() || timeout.isZero() ? Duration.ofMillis(1) : timeout;
        try {
            await("readiness of " + serviceName()).atMost(bounded).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        if (!isAlive()) {
                            throw new ServiceDiedException();
                        }
                        return isReady();
                    });
        } catch (ServiceDiedException e) {
            throw new AssertionError(serviceName() + " exited with status " + exitValue() + " before it was ready; log "
                    + log + ":\n" + logTail(60));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(serviceName() + " not ready on " + url("/q/health/ready") + " within " + timeout
                    + "; log " + log + ":\n" + logTail(60), e);
        }
    }

    /** Sends SIGTERM and returns at once (see {@link #stop(Duration)} to wait). */
    public synchronized void signalStop() {
        if (process != null) {
            process.destroy();
        }
    }

    /** SIGTERM, then SIGKILL when it has not exited within {@code grace}. Returns once the process is gone. */
    public synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9}: no shutdown hooks, no flush. Returns once the process is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts it again (same port, same environment) and waits until it is ready. */
    public void restart(Duration readyTimeout) {
        start();
        awaitReady(readyTimeout);
    }

    private synchronized String exitValue() {
        return process != null && !process.isAlive() ? String.valueOf(process.exitValue()) : "?";
    }

    /** The last {@code lines} lines of the log (reads at most its last 64 KiB). */
    public String logTail(int lines) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            long from = Math.max(0, length - 65_536);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
            int start = Math.max(0, all.length - lines);
            return String.join("\n", java.util.Arrays.asList(all).subList(start, all.length));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    @Override
    public String toString() {
        return serviceName() + " on port " + port + " (log " + log + ")";
    }

    /** Thrown inside the readiness condition to stop waiting for a process that is gone. */
    private static final class ServiceDiedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ServiceDiedException() {
            super(null, null, false, false);
        }
    }
}
