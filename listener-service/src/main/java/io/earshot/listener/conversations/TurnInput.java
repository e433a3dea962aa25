package io.earshot.listener.conversations;

import io.earshot.contracts.events.ConversationRef;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * One turn of a live conversation as a bot platform posts it to {@code POST /api/v1/conversations/{id}/turns}: who
 * spoke ({@code customer} or {@code bot}), what, when, on which channel, for which brand, and the customer's handle
 * (the same on every turn of the conversation; it links the conversation to the CRM profile).
 */
public record TurnInput(
        @NotBlank @Pattern(regexp = TurnInput.ID, message = TurnInput.ID_RULE) String turnId,
        @NotNull ConversationRef.Speaker speaker,
        @NotBlank @Size(max = 10_000) String text,
        @NotNull Instant time,
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,31}", message = "must be 1-32 lowercase letters, digits, '_', '.' or '-'") String channel,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[\\p{L}\\p{N}_.-]+", message = "must be letters, digits, '_', '.' or '-'") String brand,
        @NotBlank @Size(max = 256) String customerHandle,
        @Size(max = 256) String customerName,
        @Size(max = 16) @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a BCP 47 language tag") String lang) {

    /** Conversation and turn ids: what bot platforms use, short enough for the mention's externalId. */
    public static final String ID = "[A-Za-z0-9_.:-]{1,128}";
    public static final String ID_RULE = "must be 1-128 letters, digits, '_', '.', ':' or '-'";
}
