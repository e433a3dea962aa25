package io.earshot.contracts.events;

/** Emotion intensities, each 0..1. */
public record Emotions(double anger, double joy, double confusion, double sadness, double fear, double gratitude) {
    public static final Emotions NONE = new Emotions(0, 0, 0, 0, 0, 0);
}
