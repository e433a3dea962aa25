package io.earshot.platform.secrets;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's {@link SecretBox} over {@code earshot.secrets.key} ({@code EARSHOT_SECRETS_KEY}): it seals the
 * listener's source credentials and escalation's webhook signing secrets at rest. One bean, so every service reads the
 * key the same way.
 */
@ApplicationScoped
public class Secrets {
    private final SecretBox box;

    public Secrets(@ConfigProperty(name = "earshot.secrets.key") Optional<String> key) {
        this.box = SecretBox.of(key.orElse(""));
    }

    public SecretBox box() {
        return box;
    }
}
