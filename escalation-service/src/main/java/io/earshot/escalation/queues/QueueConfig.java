package io.earshot.escalation.queues;

import io.earshot.platform.http.Problem;
import io.earshot.platform.http.ProblemException;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A queue's coverage schedule and escalation policy. {@code coverage} is ALWAYS or BUSINESS_HOURS ({@code open},
 * {@code close}, {@code days} 1=Mon..7=Sun, {@code holidays} in {@code timeZone}); {@code pauseOutsideCoverage} stops
 * the SLA clocks while the queue is closed; {@code escalation} lists the queues a breached case moves to, level 1 first.
 */
public record QueueConfig(String name, String timeZone, String coverage, LocalTime open, LocalTime close,
        List<Integer> days, List<LocalDate> holidays, Boolean pauseOutsideCoverage, List<String> escalation) {

    /** The fields a client sets (name comes from the path). */
    public static final List<String> FIELDS = List.of("timeZone", "coverage", "open", "close", "days", "holidays",
            "pauseOutsideCoverage", "escalation");

    /**
     * True when the client set none of {@link #FIELDS}: an empty body says nothing about a queue. Not a bean getter,
     * so that it is no JSON property: an {@code "empty"} field sent in a body is refused as unknown.
     */
    public boolean setsNothing() {
        return timeZone == null && coverage == null && open == null && close == null && days == null && holidays == null
                && pauseOutsideCoverage == null && escalation == null;
    }

    public static QueueConfig defaults(String name) {
        return new QueueConfig(name, "UTC", "ALWAYS", null, null, List.of(1, 2, 3, 4, 5), List.of(), false, List.of());
    }

    public boolean pauses() {
        return pauseOutsideCoverage != null && pauseOutsideCoverage;
    }

    public Coverage schedule() {
        ZoneId zone = ZoneId.of(timeZone);
        if (!"BUSINESS_HOURS".equals(coverage)) {
            return Coverage.always(zone);
        }
        Set<DayOfWeek> d = days.stream().map(DayOfWeek::of).collect(Collectors.toUnmodifiableSet());
        return new Coverage(false, zone, open, close, d, Set.copyOf(holidays));
    }

    /** The queue a case escalates to at {@code level} (1 = first escalation), or null when the policy ends earlier. */
    public String escalationTarget(int level) {
        return level >= 1 && level <= escalation.size() ? escalation.get(level - 1) : null;
    }

    /** This config with defaults filled in, or a 400 naming each invalid field. */
    public QueueConfig validated(String pathName) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String tz = timeZone == null ? "UTC" : timeZone;
        try {
            ZoneId.of(tz);
        } catch (DateTimeException e) {
            errors.add(new Problem.FieldError("timeZone", "unknown time zone " + tz));
        }
        String cov = coverage == null ? "ALWAYS" : coverage;
        if (!cov.equals("ALWAYS") && !cov.equals("BUSINESS_HOURS")) {
            errors.add(new Problem.FieldError("coverage", "must be ALWAYS or BUSINESS_HOURS"));
        }
        if (cov.equals("BUSINESS_HOURS") && (open == null || close == null)) {
            errors.add(new Problem.FieldError(open == null ? "open" : "close", "is required for BUSINESS_HOURS"));
        }
        if (open != null && open.equals(close)) {
            errors.add(new Problem.FieldError("close", "must differ from open"));
        }
        List<Integer> d = days == null ? List.of(1, 2, 3, 4, 5) : days;
        if (d.isEmpty() || d.size() > 7 || d.stream().anyMatch(x -> x == null || x < 1 || x > 7)
                || d.stream().distinct().count() != d.size()) {
            errors.add(new Problem.FieldError("days", "must hold distinct ISO day numbers 1 (Monday) to 7 (Sunday)"));
        }
        List<LocalDate> h = holidays == null ? List.of() : holidays;
        if (h.size() > 400 || h.stream().anyMatch(x -> x == null)) {
            errors.add(new Problem.FieldError("holidays", "at most 400 dates"));
        }
        List<String> esc = escalation == null ? List.of() : escalation;
        if (esc.size() > 10 || esc.stream().anyMatch(q -> q == null || !q.matches("[a-z0-9][a-z0-9-]{0,63}") || q
                .equals(pathName))) {
            errors.add(new Problem.FieldError("escalation", "at most 10 other queue names"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "invalid queue: " + errors.get(0).field() + " "
                    + errors.get(0).message()).withErrors(errors));
        }
        return new QueueConfig(pathName, tz, cov, open, close, List.copyOf(d), List.copyOf(h), pauses(), List.copyOf(
                esc));
    }
}
