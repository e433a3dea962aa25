package io.earshot.listener.imports;

/** One entry of an import's error report: {@code row} is the line (JSONL) or record (CSV, header = 0) number. */
public record RowError(long row, String field, String message) {}
