package io.earshot.contracts.events;

import java.util.List;

/** What personal data the listener redacted from the text; {@code redacted} means "a human should follow up privately". */
public record Pii(boolean redacted, List<String> kinds) {
    public static final Pii NONE = new Pii(false, List.of());

    public Pii {
        kinds = kinds == null ? List.of() : List.copyOf(kinds);
    }
}
