package io.earshot.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.platform.webhooks.WebhookSignature;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    static final Instant AT = Instant.parse("2026-01-01T10:00:00Z");

    @Test
    void matchesAnIndependentlyComputedHmac() {
        // echo -n '1767261600.{"a":1}' | openssl dgst -sha256 -hmac s3cret
        assertThat(WebhookSignature.sign("s3cret", AT, "{\"a\":1}"))
                .isEqualTo("t=1767261600,v1=fe22c3001b5e4267f2ae28ea6a819de9c962b78165b2df4e5f7724510015ccec");
    }

    @Test
    void verifiesItsOwnSignatureAndRejectsTamperingOtherSecretsAndReplays() {
        String header = WebhookSignature.sign("s3cret", AT, "{\"a\":1}");
        assertThat(WebhookSignature.verify(header, "{\"a\":1}", "s3cret", AT.plusSeconds(60), Duration.ofMinutes(5)))
                .isTrue();
        assertThat(WebhookSignature.verify(header, "{\"a\":2}", "s3cret", AT, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify(header, "{\"a\":1}", "other", AT, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify(header, "{\"a\":1}", "s3cret", AT.plusSeconds(301), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify("t=abc,v1=00", "{\"a\":1}", "s3cret", AT, Duration.ofMinutes(5))).isFalse();
        assertThat(WebhookSignature.verify("v1=" + header.substring(header.indexOf("v1=") + 3), "{\"a\":1}", "s3cret",
                AT,
                Duration.ofMinutes(5))).isFalse();
        // During a rotation two signatures may be sent; either one suffices.
        String rotated = header + ",v1=" + WebhookSignature.sign("new", AT, "{\"a\":1}").split("v1=")[1];
        assertThat(WebhookSignature.verify(rotated, "{\"a\":1}", "new", AT, Duration.ofMinutes(5))).isTrue();
    }
}
