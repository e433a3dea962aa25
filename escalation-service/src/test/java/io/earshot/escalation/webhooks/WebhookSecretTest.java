package io.earshot.escalation.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The secret of the configured webhook endpoints (issue #26 finding 7): an empty {@code EARSHOT_WEBHOOK_SECRET} used to
 * make a new random secret on every start, so each restart broke every receiver's signature check without a word.
 */
class WebhookSecretTest {
    static final List<String> URLS = List.of("https://hooks.example/earshot");

    @Test
    void anEmptySecretWithConfiguredEndpointsStopsAProductionStart() {
        assertThatThrownBy(() -> WebhookDispatcher.configuredSecret(Optional.of(" "), URLS, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("EARSHOT_WEBHOOK_SECRET");
        assertThatThrownBy(() -> WebhookDispatcher.configuredSecret(Optional.empty(), URLS, LaunchMode.NORMAL))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGivenSecretIsUsedAndDevTestOrNoEndpointGetARandomOne() {
        assertThat(WebhookDispatcher.configuredSecret(Optional.of("s3cret"), URLS, LaunchMode.NORMAL)).isEqualTo(
                "s3cret");
        assertThat(WebhookDispatcher.configuredSecret(Optional.empty(), URLS, LaunchMode.DEVELOPMENT)).startsWith(
                "whsec_");
        assertThat(WebhookDispatcher.configuredSecret(Optional.empty(), URLS, LaunchMode.TEST)).startsWith("whsec_");
        assertThat(WebhookDispatcher.configuredSecret(Optional.empty(), List.of(), LaunchMode.NORMAL)).startsWith(
                "whsec_");
    }
}
