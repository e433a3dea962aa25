package io.earshot.listener.imports;

/** The file formats a bulk import reads, by request content type. */
public enum ImportFormat {
    /** One JSON mention object per line ({@code application/x-ndjson}, {@code application/jsonl}). */
    JSONL,
    /** RFC 4180 CSV with a header row ({@code text/csv}). */
    CSV;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
