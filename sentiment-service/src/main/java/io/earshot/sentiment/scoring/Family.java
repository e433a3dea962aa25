package io.earshot.sentiment.scoring;

/** Families of multi-token cues in the lexicon. Each family is matched independently (longest match first). */
enum Family {
    /** Multi-word opinion phrases, multi-word boosters ("kind of") and negators ("no one"). */
    VALENCE,
    /** Multi-word emotion phrases ("fed up", "makes no sense"). */
    EMOTION, URGENCY,
    /** Distress cues; weight 0 marks a suppressor ("this album is fire", "phone died"). */
    DISTRESS, SARCASM,
    /** Negative situations that sarcastic praise targets ("great, another outage"). */
    SITUATION,
    /** Fixes next to praise, which make the praise sincere ("thanks for fixing the outage"). */
    RESOLUTION,
    /** "another", "again", "as usual": make sarcastic praise more likely. */
    AMPLIFIER, THINKS, DOES, GAINS,
    /** Product aspects, labelled with a normalised theme ("bill" -> billing). */
    ASPECT;

    static final Family[] VALUES = values();
}
