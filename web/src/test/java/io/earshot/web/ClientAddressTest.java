package io.earshot.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.earshot.platform.outbound.AddressRanges;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address the sign-in rate limit counts, with and without trusted proxies. */
class ClientAddressTest {
    private static final AddressRanges NONE = AddressRanges.of(List.of());
    private static final AddressRanges INGRESS = AddressRanges.of(List.of("10.0.0.0/24", "fd00::1"));

    @Test
    void withoutTrustedProxiesTheSocketAddressCountsWhateverTheHeaderSays() {
        assertThat(LoginResource.client("10.0.0.5", List.of("203.0.113.9"), NONE)).isEqualTo("10.0.0.5");
        assertThat(LoginResource.client("198.51.100.7", List.of("1.2.3.4, 5.6.7.8"), NONE)).isEqualTo("198.51.100.7");
    }

    @Test
    void fromATrustedProxyTheLastUntrustedForwardedAddressCounts() {
        assertThat(LoginResource.client("10.0.0.5", List.of("203.0.113.9"), INGRESS)).isEqualTo("203.0.113.9");
        // A client that writes its own header gets its real address appended by the ingress: that one counts.
        assertThat(LoginResource.client("10.0.0.5", List.of("1.1.1.1, 203.0.113.9"), INGRESS)).isEqualTo("203.0.113.9");
        // Chained trusted proxies are skipped, over several headers too.
        assertThat(LoginResource.client("10.0.0.5", List.of("203.0.113.9", "10.0.0.7"), INGRESS)).isEqualTo(
                "203.0.113.9");
        assertThat(LoginResource.client("fd00::1", List.of("2001:db8::5"), INGRESS)).isEqualTo("2001:db8::5");
        // No header: the proxy itself.
        assertThat(LoginResource.client("10.0.0.5", List.of(), INGRESS)).isEqualTo("10.0.0.5");
    }

    @Test
    void aSocketOutsideTheTrustedProxiesIsTheClientEvenWithAHeader() {
        assertThat(LoginResource.client("198.51.100.7", List.of("203.0.113.9"), INGRESS)).isEqualTo("198.51.100.7");
        assertThat(LoginResource.client("10.0.1.5", List.of("203.0.113.9"), INGRESS)).isEqualTo("10.0.1.5");
    }
}
