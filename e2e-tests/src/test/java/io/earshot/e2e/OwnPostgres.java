package io.earshot.e2e;

import java.nio.file.Path;

/**
 * A PostgreSQL cluster of the test's own on 127.0.0.1 ({@code infra/lib.sh pg_own_*}), so that a fault-injection
 * test can crash and restart it without touching the server other tests share.
 */
final class OwnPostgres implements AutoCloseable {
    private final Path repoRoot;
    private final int port;

    OwnPostgres(Path repoRoot, int port) {
        this.repoRoot = repoRoot;
        this.port = port;
    }

    int port() {
        return port;
    }

    /** Removes whatever an earlier (killed) run left of this cluster, creates it anew and starts it. */
    OwnPostgres fresh() {
        InfraScript.run(repoRoot, "pg_own_fresh " + port, "postgres-" + port + ".log");
        return this;
    }

    /** Starts the cluster {@link #fresh()} created (after a {@link #crash()}). */
    OwnPostgres start() {
        InfraScript.run(repoRoot, "pg_own_start " + port, "postgres-" + port + ".log");
        return this;
    }

    /** A crash: {@code pg_ctl stop -m immediate}, no checkpoint; the next start recovers from the WAL. */
    OwnPostgres crash() {
        InfraScript.run(repoRoot, "pg_own_stop " + port + " immediate", "postgres-" + port + ".log");
        return this;
    }

    @Override
    public void close() {
        InfraScript.run(repoRoot, "pg_own_drop " + port, "postgres-" + port + ".log");
    }
}
