package io.earshot.map.maps;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Direction of an item's evidence: the evidence seen in the last 7 days against the 7 days before. RISING when the
 * recent week has more than 1.25 times the previous one (or any evidence after an empty week), FALLING when it has
 * less than 0.8 times, STEADY otherwise (including no evidence in either week).
 */
public enum Trend {
    RISING, STEADY, FALLING;

    static final Duration WINDOW = Duration.ofDays(7);

    public static Trend of(long recent, long previous) {
        if (previous == 0) {
            return recent > 0 ? RISING : STEADY;
        }
        if (recent > previous * 1.25) {
            return RISING;
        }
        if (recent < previous * 0.8) {
            return FALLING;
        }
        return STEADY;
    }

    public static Trend of(Collection<Instant> seen, Instant now) {
        Instant weekAgo = now.minus(WINDOW);
        Instant twoWeeksAgo = weekAgo.minus(WINDOW);
        long recent = seen.stream().filter(t -> !t.isBefore(weekAgo) && !t.isAfter(now)).count();
        long previous = seen.stream().filter(t -> !t.isBefore(twoWeeksAgo) && t.isBefore(weekAgo)).count();
        return of(recent, previous);
    }
}
