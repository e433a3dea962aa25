package io.earshot.listener.sources;

import io.earshot.contracts.secrets.SecretBox;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The box that seals sources' sign-in credentials at rest ({@code earshot.secrets.key}, see docs/sources.md). */
@ApplicationScoped
public class SourceSecrets {
    private final SecretBox box;

    public SourceSecrets(@ConfigProperty(name = "earshot.secrets.key") Optional<String> key) {
        this.box = SecretBox.of(key.orElse(""));
    }

    public SecretBox box() {
        return box;
    }
}
