package io.earshot.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {
    static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    static final String OTHER = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealsWithAFreshNonceAndOpensForTheSameOwnerOnly() {
        SecretBox box = SecretBox.of(KEY);
        String a = box.seal("hunter2-secret", "row-1");
        String b = box.seal("hunter2-secret", "row-1");
        assertThat(a).startsWith("v1.").doesNotContain("hunter2").isNotEqualTo(b);
        assertThat(box.open(a, "row-1")).isEqualTo("hunter2-secret");
        assertThatThrownBy(() -> box.open(a, "row-2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> SecretBox.of(OTHER).open(a, "row-1")).isInstanceOf(IllegalArgumentException.class);
        String tampered = a.substring(0, a.length() - 3) + (a.endsWith("A==") ? "B==" : "A==");
        assertThatThrownBy(() -> box.open(tampered, "row-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutAKeyNothingIsSealedInTheClear() {
        SecretBox none = SecretBox.of("");
        assertThat(none.configured()).isFalse();
        assertThatThrownBy(() -> none.seal("x", "o")).isInstanceOf(IllegalStateException.class).hasMessageContaining(
                "EARSHOT_SECRETS_KEY");
        assertThatThrownBy(() -> SecretBox.of("c2hvcnQ=")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
