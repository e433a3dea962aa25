package io.earshot.escalation.distress;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a distress case shows besides the case itself: the help resources for its region and kind, the agent
 * checklist with who ticked what, and the SLA it runs on (the tightest policy), with how often it has paged.
 */
public record DistressLane(String kind, String region, List<Signposts.Resource> signposts,
        List<ChecklistItem> checklist,
        boolean checklistComplete, Sla sla, int pages) {

    public record ChecklistItem(String id, String text, boolean done, String doneBy, Instant doneAt) {}

    /** The SLA policy a distress case runs on, and why. */
    public record Sla(String policy, @JsonFormat(shape = JsonFormat.Shape.STRING) Duration ackWithin,
            @JsonFormat(shape = JsonFormat.Shape.STRING) Duration resolveWithin, String rule) {}
}
