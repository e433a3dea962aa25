package io.earshot.contracts.events;

/** Kinds of distress that always go to a human. */
public enum DistressKind {
    self_harm, safety, legal, harassment, grief, none
}
