package io.earshot.e2e;

import java.nio.file.Path;

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
        InfraScript.run(repoRoot, command, "kafka-" + name + ".log");
        return this;
    }
}
