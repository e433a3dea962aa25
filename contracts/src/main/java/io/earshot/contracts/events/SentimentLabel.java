package io.earshot.contracts.events;

public enum SentimentLabel {
    positive, neutral, negative, mixed, unsupported_language
}
