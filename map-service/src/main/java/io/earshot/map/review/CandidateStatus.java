package io.earshot.map.review;

/** Where a candidate stands in the analysts' review; only VALIDATED ones reach an empathy map. */
public enum CandidateStatus {
    PENDING, VALIDATED, REJECTED
}
