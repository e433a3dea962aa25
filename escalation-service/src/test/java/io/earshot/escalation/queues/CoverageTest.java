package io.earshot.escalation.queues;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoverageTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    static final Set<DayOfWeek> EVERY_DAY = EnumSet.allOf(DayOfWeek.class);
    static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), BERLIN).toInstant();
    }

    @Test
    void businessHoursPauseTheClockOvernightAndOverTheWeekend() {
        Coverage c = new Coverage(false, BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0), WEEKDAYS, Set.of());
        // Friday 16:00 + 2h of covered time: one hour on Friday, one on Monday morning.
        assertThat(c.addCovered(berlin("2026-03-27T16:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-03-30T10:00"));
        // Starting before opening counts from opening.
        assertThat(c.addCovered(berlin("2026-03-30T07:00"), Duration.ofMinutes(30))).isEqualTo(berlin(
                "2026-03-30T09:30"));
        assertThat(c.covers(berlin("2026-03-30T09:00"))).isTrue();
        assertThat(c.covers(berlin("2026-03-30T17:00"))).isFalse();
        assertThat(c.covers(berlin("2026-03-28T12:00"))).isFalse();
    }

    @Test
    void coveredTimeBetweenTwoInstantsIsWhatAddCoveredSpends() {
        Coverage c = new Coverage(false, BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0), WEEKDAYS,
                Set.of(LocalDate.of(2026, 3, 30)));
        // Friday 16:00 to Tuesday 10:00 with Monday a holiday: one hour on Friday, one on Tuesday.
        assertThat(c.coveredBetween(berlin("2026-03-27T16:00"), berlin("2026-03-31T10:00"))).isEqualTo(Duration.ofHours(
                2));
        assertThat(c.addCovered(berlin("2026-03-27T16:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-03-31T10:00"));
        assertThat(c.coveredBetween(berlin("2026-03-31T10:00"), berlin("2026-03-27T16:00"))).isEqualTo(Duration.ZERO);
        assertThat(Coverage.always(BERLIN).coveredBetween(berlin("2026-03-27T16:00"), berlin("2026-03-28T16:00")))
                .isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aCalendarChangeKeepsTheCoveredTimeAClockHadLeft() {
        Coverage weekdays = new Coverage(false, BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0), WEEKDAYS, Set.of());
        Instant at = berlin("2026-03-27T16:00"); // Friday, one covered hour before closing
        QueueService.Clocks clocks = new QueueService.Clocks(berlin("2026-03-30T10:00"), berlin("2026-03-31T16:00"));
        // Monday becomes a holiday: both clocks keep their 2 and 16 covered hours left, spent from Tuesday.
        Coverage holiday = new Coverage(false, BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0), WEEKDAYS,
                Set.of(LocalDate.of(2026, 3, 30)));
        QueueService.Clocks moved = QueueService.retimed(weekdays, holiday, at, clocks, true, true);
        assertThat(moved.ackDue()).isEqualTo(berlin("2026-03-31T10:00"));
        assertThat(moved.resolveDue()).isEqualTo(berlin("2026-04-01T16:00"));
        // A stopped clock (acknowledged) keeps its time; a queue that stops pausing counts wall time from now.
        assertThat(QueueService.retimed(weekdays, holiday, at, clocks, false, true).ackDue()).isEqualTo(clocks
                .ackDue());
        assertThat(QueueService.retimed(weekdays, null, at, clocks, true, true).ackDue()).isEqualTo(at.plus(Duration
                .ofHours(2)));
    }

    @Test
    void aSpringForwardNightIsAnHourShorterInEuropeBerlin() {
        // 2026-03-29: clocks go from 02:00 to 03:00. A 01:00-05:00 window lasts three real hours that night.
        Coverage night = new Coverage(false, BERLIN, LocalTime.of(1, 0), LocalTime.of(5, 0), EVERY_DAY, Set.of());
        Instant start = berlin("2026-03-29T01:00");
        assertThat(night.addCovered(start, Duration.ofHours(3))).isEqualTo(berlin("2026-03-29T05:00"));
        assertThat(Duration.between(start, berlin("2026-03-29T05:00"))).isEqualTo(Duration.ofHours(3));
        // The fourth hour comes from the next night.
        assertThat(night.addCovered(start, Duration.ofHours(4))).isEqualTo(berlin("2026-03-30T02:00"));
        assertThat(night.covers(Instant.parse("2026-03-29T00:30:00Z"))).isTrue(); // 01:30 CET
        assertThat(night.covers(Instant.parse("2026-03-29T03:30:00Z"))).isFalse(); // 05:30 CEST
    }

    @Test
    void dayWindowsKeepTheirLocalHoursAcrossBothChanges() {
        Coverage day = new Coverage(false, BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0), EVERY_DAY, Set.of());
        // Saturday 16:00 CET + 2h: 1h Saturday, 1h Sunday from 09:00 CEST (07:00Z, not 08:00Z).
        assertThat(day.addCovered(berlin("2026-03-28T16:00"), Duration.ofHours(2)))
                .isEqualTo(Instant.parse("2026-03-29T08:00:00Z"));
        // 2026-10-25: clocks go back from 03:00 to 02:00; an overnight 00:00-06:00 window lasts seven real hours.
        Coverage overnight = new Coverage(false, BERLIN, LocalTime.of(0, 0), LocalTime.of(6, 0), EVERY_DAY, Set.of());
        Instant midnight = berlin("2026-10-25T00:00");
        assertThat(overnight.addCovered(midnight, Duration.ofHours(7))).isEqualTo(berlin("2026-10-25T06:00"));
    }

    @Test
    void holidaysAreSkippedAndWindowsMayCrossMidnight() {
        Coverage c = new Coverage(false, BERLIN, LocalTime.of(9, 0), LocalTime.of(17, 0), WEEKDAYS,
                Set.of(LocalDate.of(2026, 4, 3), LocalDate.of(2026, 4, 6)));
        // Thursday 2 April 16:30 + 1h: Good Friday and Easter Monday are holidays, so Tuesday 09:30.
        assertThat(c.addCovered(berlin("2026-04-02T16:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-04-07T09:30"));
        Coverage late = new Coverage(false, BERLIN, LocalTime.of(22, 0), LocalTime.of(2, 0), EVERY_DAY, Set.of());
        assertThat(late.covers(berlin("2026-05-05T01:00"))).isTrue();
        assertThat(late.addCovered(berlin("2026-05-05T23:00"), Duration.ofHours(2))).isEqualTo(berlin(
                "2026-05-06T01:00"));
    }

    @Test
    void dueTimesOnlyPauseWhenThePolicySaysSo() {
        SlaPolicy p = new SlaPolicy("P3", Duration.ofHours(4), Duration.ofHours(24));
        QueueConfig paused = new QueueConfig("care", "Europe/Berlin", "BUSINESS_HOURS", LocalTime.of(9, 0),
                LocalTime.of(17, 0), List.of(1, 2, 3, 4, 5), List.of(), true, List.of("care-leads"));
        QueueConfig running = new QueueConfig("care", "Europe/Berlin", "BUSINESS_HOURS", LocalTime.of(9, 0),
                LocalTime.of(17, 0), List.of(1, 2, 3, 4, 5), List.of(), false, List.of("care-leads"));
        Instant friday = berlin("2026-03-27T15:00");
        assertThat(QueueService.dues(paused, p, friday).ackDue()).isEqualTo(berlin("2026-03-30T11:00"));
        assertThat(QueueService.dues(paused, p, friday).resolveDue()).isEqualTo(berlin("2026-04-01T15:00"));
        assertThat(QueueService.dues(running, p, friday).ackDue()).isEqualTo(friday.plus(Duration.ofHours(4)));
        assertThat(paused.escalationTarget(1)).isEqualTo("care-leads");
        assertThat(paused.escalationTarget(2)).isNull();
    }
}
