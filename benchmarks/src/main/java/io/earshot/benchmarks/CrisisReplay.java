package io.earshot.benchmarks;

import io.earshot.contracts.events.CrisisAlert;
import io.earshot.escalation.crisis.CrisisDetector;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replays one NAB series through the service's {@link CrisisDetector}, online, as the service would see it: each
 * 5-minute count becomes five closed minutes (the count split as evenly as whole mentions allow, the minutes ending at
 * the row's timestamp), fed in order, so the decision on a row uses the rows up to it only. A row detects when one of
 * its minutes OPENs a crisis; UPDATED and RESOLVED alerts are not detections. NAB's series carry no sentiment: no
 * minute has negatives, so only the volume test can fire.
 */
final class CrisisReplay {
    static final String KEY = "nab";
    static final int BIN_MINUTES = 5;

    /** An alert as the replay saw it: the rows where it opened and resolved (-1 while still open at the end). */
    record Episode(int openRow, int resolvedRow, double z, String severity) {}

    /** The replay of one series: a detection flag per row, and the crises. */
    record Replay(boolean[] detections, List<Episode> episodes) {}

    private CrisisReplay() {}

    static Replay replay(NabCorpus.Series series, CrisisDetector.Settings settings) {
        CrisisDetector detector = new CrisisDetector(settings);
        int rows = series.values().length;
        boolean[] detections = new boolean[rows];
        List<Episode> episodes = new ArrayList<>();
        int openRow = -1;
        double openZ = 0;
        String severity = null;
        Instant last = null;
        for (int row = 0; row < rows; row++) {
            Instant end = series.timestamps().get(row).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES);
            long count = Math.round(series.values()[row]);
            for (int m = BIN_MINUTES - 1; m >= 0; m--) {
                Instant minute = end.minus(Duration.ofMinutes(m));
                if (last != null && !minute.isAfter(last)) {
                    continue; // irregular spacing: a minute is fed once
                }
                last = minute;
                long volume = count / BIN_MINUTES + (BIN_MINUTES - 1 - m < count % BIN_MINUTES ? 1 : 0);
                Optional<CrisisAlert> alert = detector.observe(KEY, minute, volume, 0, List.of());
                if (alert.isEmpty()) {
                    continue;
                }
                CrisisAlert a = alert.get();
                if (a.state() == CrisisAlert.State.OPEN) {
                    detections[row] = true;
                    openRow = row;
                    openZ = a.score();
                    severity = a.severity().name();
                } else if (a.state() == CrisisAlert.State.RESOLVED && openRow >= 0) {
                    episodes.add(new Episode(openRow, row, openZ, severity));
                    openRow = -1;
                }
            }
        }
        if (openRow >= 0) {
            episodes.add(new Episode(openRow, -1, openZ, severity));
        }
        return new Replay(detections, episodes);
    }
}
