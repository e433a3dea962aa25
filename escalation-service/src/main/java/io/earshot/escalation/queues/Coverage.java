package io.earshot.escalation.queues;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * When a queue is staffed: always (24/7), or business hours {@code open..close} on {@code days} in {@code zone},
 * except {@code holidays}. Wall-clock hours follow the zone's rules, so on a daylight-saving change a window keeps its
 * local hours (a 01:00-05:00 window on the spring-forward night in Europe/Berlin lasts three real hours).
 * {@code close} at or before {@code open} means the window runs past midnight.
 */
public record Coverage(boolean always, ZoneId zone, LocalTime open, LocalTime close, Set<DayOfWeek> days,
        Set<LocalDate> holidays) {
    /** At most this many days are searched for coverage; a schedule with no open day never completes. */
    static final int HORIZON_DAYS = 800;

    public static Coverage always(ZoneId zone) {
        return new Coverage(true, zone, null, null, Set.of(), Set.of());
    }

    /** Whether the queue is staffed at {@code at}. */
    public boolean covers(Instant at) {
        if (always) {
            return true;
        }
        LocalDate today = at.atZone(zone).toLocalDate();
        for (LocalDate d = today.minusDays(1); !d.isAfter(today); d = d.plusDays(1)) {
            Instant[] w = window(d);
            if (w != null && !at.isBefore(w[0]) && at.isBefore(w[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The instant at which {@code amount} of covered time has elapsed after {@code start}: a plain addition for 24/7
     * queues, otherwise only time inside coverage windows counts (the SLA clock pauses outside them).
     */
    public Instant addCovered(Instant start, Duration amount) {
        if (always) {
            return start.plus(amount);
        }
        Duration left = amount;
        LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
        for (int i = 0; i < HORIZON_DAYS; i++, day = day.plusDays(1)) {
            Instant[] w = window(day);
            if (w == null || !w[1].isAfter(start)) {
                continue;
            }
            Instant from = w[0].isBefore(start) ? start : w[0];
            Duration available = Duration.between(from, w[1]);
            if (available.compareTo(left) >= 0) {
                return from.plus(left);
            }
            left = left.minus(available);
        }
        throw new IllegalStateException("queue coverage has no open time within " + HORIZON_DAYS + " days");
    }

    /** How much covered time lies between {@code from} and {@code to} (zero when {@code to} is not after it). */
    public Duration coveredBetween(Instant from, Instant to) {
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (always) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        LocalDate last = to.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate().minusDays(1); !day.isAfter(last); day = day.plusDays(1)) {
            Instant[] w = window(day);
            if (w == null) {
                continue;
            }
            Instant a = w[0].isBefore(from) ? from : w[0];
            Instant b = w[1].isAfter(to) ? to : w[1];
            if (b.isAfter(a)) {
                total = total.plus(Duration.between(a, b));
            }
        }
        return total;
    }

    /** The coverage window opening on local date {@code d}, or null when the queue is closed that day. */
    Instant[] window(LocalDate d) {
        if (!days.contains(d.getDayOfWeek()) || holidays.contains(d)) {
            return null;
        }
        ZonedDateTime from = ZonedDateTime.of(d, open, zone);
        LocalDate closeDay = close.isAfter(open) ? d : d.plusDays(1);
        ZonedDateTime to = ZonedDateTime.of(closeDay, close, zone);
        return new Instant[]{from.toInstant(), to.toInstant()};
    }
}
