package io.earshot.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs a function of the project's {@code infra/lib.sh} (the launcher {@code bin/earshot} uses) and waits for it. */
final class InfraScript {
    private InfraScript() {
    }

    /** Runs {@code command} (e.g. {@code kafka_start NAME PORT}); its output goes to {@code e2e-tests/target/<log>}. */
    static void run(Path repoRoot, String command, String log) {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source infra/lib.sh && " + command)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(repoRoot.resolve("e2e-tests/target/" + log).toFile()));
        pb.environment().put("EARSHOT_ROOT", repoRoot.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + command + "' did not finish in 180 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' failed with " + p.exitValue() + "; see e2e-tests/target/" + log);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
