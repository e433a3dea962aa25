package io.earshot.listener.imports;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** {@code earshot.imports.*}: how file imports are read (values and their variables in application.properties). */
@ConfigMapping(prefix = "earshot.imports")
public interface ImportSettings {
    /** Rows per ingest batch (and progress update). */
    int batchSize();

    /** Error-report entries kept per import. */
    int maxErrors();

    /** The longest row; longer ones fail. */
    int maxRowChars();

    /** Imports read at once per replica. */
    int concurrency();

    /** Where uploads wait while they are read; empty: the system temp directory. */
    Optional<String> spoolDir();
}
