package io.earshot.contracts.events;

/** The eight zones of an empathy map. */
public enum Zone {
    SAYS, THINKS, DOES, FEELS, SEES, HEARS, PAINS, GAINS
}
