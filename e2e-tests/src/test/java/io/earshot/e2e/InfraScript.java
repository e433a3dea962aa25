package io.earshot.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a function of the project's {@code infra/lib.sh} (the launcher {@code bin/earshot} uses) and waits for it. */
final class InfraScript {
    private InfraScript() {}

    /** Runs {@code command} (e.g. {@code kafka_start NAME PORT}); its output goes to {@code e2e-tests/target/<log>}. */
    static void run(Path repoRoot, String command, String log) {
        Path logFile = repoRoot.resolve("e2e-tests/target/" + log);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source infra/lib.sh && " + command)
                .directory(repoRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().put("EARSHOT_ROOT", repoRoot.toString());
        try {
            Process p = pb.start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + command + "' did not finish in 180 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("'" + command + "' failed with " + p.exitValue()
                        + "; the end of e2e-tests/target/"
                        + log + ":\n" + tail(logFile, 40));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last {@code lines} lines of {@code file}, so that a failure in CI shows why without the file at hand. */
    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }
}
