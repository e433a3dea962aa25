package io.earshot.listener.ingest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** A mention pushed by another system through {@code POST /api/v1/mentions}. */
public record MentionInput(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_.-]{0,31}", message = "must be 1-32 lowercase letters, digits, '_', '.' or '-'") String source,
        @NotBlank @Size(max = 256) String externalId,
        @Size(max = 2048) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String url,
        @NotBlank @Size(max = 64) @Pattern(regexp = "[\\p{L}\\p{N}_.-]+", message = "must be letters, digits, '_', '.' or '-'") String brand,
        @NotNull @Valid AuthorInput author,
        @NotBlank @Size(max = 10_000) String text,
        @Size(max = 16) @Pattern(regexp = "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", message = "must be a BCP 47 language tag") String lang,
        @NotNull Instant createdAt,
        @Valid ThreadInput thread) {

    public record AuthorInput(
            @NotBlank @Size(max = 256) String id,
            @Size(max = 256) String handle,
            @Size(max = 256) String displayName,
            @Min(0) @Max(10_000_000_000L) Long followers,
            Boolean verified,
            Instant createdAt) {}

    public record ThreadInput(@Size(max = 256) String rootId, @Size(max = 256) String parentId) {}
}
