package io.earshot.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Kafka broker of the test's own, run by the project's {@code infra/lib.sh} (the same launcher as
 * {@code bin/earshot}), so that a test can stop and restart it. Data survives {@link #stop()} + {@link #start()}.
 */
final class KafkaBroker implements AutoCloseable {
    private final Path repoRoot;
    private final String name;
    private final int port;

    KafkaBroker(Path repoRoot, String name, int port) {
        this.repoRoot = repoRoot;
        this.name = name;
        this.port = port;
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** Starts with empty storage. */
    KafkaBroker fresh() {
        return run("kafka_fresh " + name + " " + port);
    }

    /** Starts on the storage it had, and waits until it is ready. */
    KafkaBroker start() {
        return run("kafka_start " + name + " " + port);
    }

    KafkaBroker stop() {
        return run("kafka_stop " + name);
    }

    @Override
    public void close() {
        stop();
    }

    private KafkaBroker run(String command) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source infra/lib.sh && " + command)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(repoRoot.resolve("e2e-tests/target/kafka-" + name + ".log").toFile());
        pb.environment().put("EARSHOT_ROOT", repoRoot.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + command + "' did not finish in 180 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' failed with " + p.exitValue() + "; see e2e-tests/target/kafka-" + name + ".log");
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
