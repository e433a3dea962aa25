package io.earshot.contracts.events;

public record Distress(DistressKind kind, double confidence) {
    public static final Distress NONE = new Distress(DistressKind.none, 0.0);

    public boolean present() {
        return kind != null && kind != DistressKind.none;
    }
}
