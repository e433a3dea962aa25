package io.earshot.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NabScorerTest {
    /** 1000 rows: a probationary period of 150 rows; a window of rows 400..499 (width 100). */
    static final List<NabScorer.Window> ONE_WINDOW = List.of(new NabScorer.Window(400, 499));

    static boolean[] detectionsAt(int rows, int... at) {
        boolean[] flags = new boolean[rows];
        for (int i : at) {
            flags[i] = true;
        }
        return flags;
    }

    @Test
    void probationIsFifteenPercentCappedAt750Rows() {
        assertThat(NabScorer.probation(1000)).isEqualTo(150);
        assertThat(NabScorer.probation(4999)).isEqualTo(749); // floor(749.85)
        assertThat(NabScorer.probation(15903)).isEqualTo(750);
    }

    @Test
    void theScaledSigmoidIsOneBeforeTheWindowZeroAtItsEndAndMinusOneFarAfter() {
        assertThat(NabScorer.scaledSigmoid(0)).isEqualTo(0.0);
        assertThat(NabScorer.scaledSigmoid(-1)).isCloseTo(2 / (1 + Math.exp(-5)) - 1, within(1e-12)); // 0.98661
        assertThat(NabScorer.scaledSigmoid(3.5)).isEqualTo(-1.0);
        assertThat(NabScorer.scaledSigmoid(1)).isCloseTo(-(2 / (1 + Math.exp(-5)) - 1), within(1e-12));
    }

    @Test
    void aDetectionAtTheWindowStartScoresTheTpWeightOnTheWindowsFirstRow() {
        NabScorer.FileScore f = NabScorer.score(detectionsAt(1000, 400), ONE_WINDOW, NabScorer.Profile.STANDARD);
        assertThat(f.score()).isCloseTo(1.0, within(1e-12));
        assertThat(f.perRow()[400]).isCloseTo(1.0, within(1e-12));
        assertThat(f.detected()).isEqualTo(1);
        assertThat(f.missed()).isZero();
        assertThat(f.delayRows()).containsExactly(0);
    }

    @Test
    void aDetectionAtTheWindowMiddleScoresTheSigmoidOfMinusOneHalfAndLaterOnesNothing() {
        // Row 450: position -(499 - 450 + 1) / 100 = -0.5; scaled sigmoid 2 / (1 + e^-2.5) - 1, divided by that of -1.
        double expected = (2 / (1 + Math.exp(-2.5)) - 1) / (2 / (1 + Math.exp(-5)) - 1);
        NabScorer.FileScore f = NabScorer.score(detectionsAt(1000, 450, 460, 499), ONE_WINDOW,
                NabScorer.Profile.STANDARD);
        assertThat(f.score()).isCloseTo(expected, within(1e-12)); // 0.8577
        assertThat(f.perRow()[400]).isCloseTo(expected, within(1e-12));
        assertThat(f.perRow()[450]).isZero();
        assertThat(f.falsePositives()).isZero();
        assertThat(f.delayRows()).containsExactly(50);
    }

    @Test
    void aMissedWindowCostsTheFnWeightOfTheProfile() {
        boolean[] none = new boolean[1000];
        assertThat(NabScorer.score(none, ONE_WINDOW, NabScorer.Profile.STANDARD).score()).isEqualTo(-1.0);
        assertThat(NabScorer.score(none, ONE_WINDOW, NabScorer.Profile.REWARD_LOW_FN_RATE).score()).isEqualTo(-2.0);
        assertThat(NabScorer.score(none, ONE_WINDOW, NabScorer.Profile.STANDARD).perRow()[400]).isEqualTo(-1.0);
    }

    @Test
    void falsePositivesCostTheFpWeightExceptDuringProbationAndLessJustAfterAWindow() {
        // Row 100: probationary, free. Row 200: before any window, -0.11. Row 549: 50 rows past the window's last row,
        // 50 / (100 - 1) of a width: 0.11 * scaledSigmoid(0.505). Row 900: more than three widths past, -0.11.
        NabScorer.FileScore f = NabScorer.score(detectionsAt(1000, 100, 200, 549, 900), ONE_WINDOW,
                NabScorer.Profile.STANDARD);
        double justAfter = 0.11 * (2 / (1 + Math.exp(5 * 50 / 99.0)) - 1);
        assertThat(f.perRow()[100]).isZero();
        assertThat(f.perRow()[200]).isCloseTo(-0.11, within(1e-12));
        assertThat(f.perRow()[549]).isCloseTo(justAfter, within(1e-12));
        assertThat(f.perRow()[900]).isCloseTo(-0.11, within(1e-12));
        assertThat(f.falsePositives()).isEqualTo(3);
        assertThat(f.score()).isCloseTo(-1 - 0.22 + justAfter, within(1e-12)); // the window is missed too
        assertThat(NabScorer.score(detectionsAt(1000, 200), ONE_WINDOW, NabScorer.Profile.REWARD_LOW_FP_RATE)
                .perRow()[200])
                .isCloseTo(-0.22, within(1e-12));
    }

    @Test
    void theNormalisedScoreIsZeroForTheNullDetectorAndHundredForThePerfectOne() {
        assertThat(NabScorer.normalise(-19, 19, NabScorer.Profile.STANDARD)).isEqualTo(0.0);
        assertThat(NabScorer.normalise(19, 19, NabScorer.Profile.STANDARD)).isEqualTo(100.0);
        assertThat(NabScorer.normalise(-38, 19, NabScorer.Profile.REWARD_LOW_FN_RATE)).isEqualTo(0.0);
        assertThat(NabScorer.normalise(0, 19, NabScorer.Profile.REWARD_LOW_FN_RATE)).isCloseTo(200.0 / 3, within(1e-9));
    }

    /**
     * NAB's own per-row scores: every published detector's result file, every profile, rescored from its anomaly
     * scores at NAB's optimised threshold, must give NAB's S(t) on every row. Needs the shared NAB folder.
     */
    @Test
    void reproducesNabsOwnPerRowScoresOfThePublishedDetectors() throws IOException {
        String data = System.getenv("EARSHOT_DATA");
        Path root = data != null && !data.isBlank()
                ? Path.of(data, "nab")
                : Path.of(System.getProperty("earshot.nab", "../../shared/data/nab"));
        assumeTrue(Files.isDirectory(root.resolve("results")),
                "NAB's published results are absent (" + root.toAbsolutePath()
                        + "): set EARSHOT_DATA to the shared data folder");
        NabCorpus corpus = new NabCorpus(root);
        int compared = 0;
        for (NabCorpus.Series series : corpus.series()) {
            for (String peer : corpus.peers()) {
                NabCorpus.PeerResult result = corpus.peerResult(peer, series).orElse(null);
                if (result == null) {
                    continue;
                }
                for (NabScorer.Profile profile : corpus.profiles()) {
                    double threshold = corpus.threshold(peer, profile.name()).orElseThrow();
                    double[] mine = NabScorer.score(CrisisReport.detections(result.anomalyScores(), threshold),
                            series.windows(), profile).perRow();
                    double[] nab = result.perRowScores().get(profile.name());
                    assertThat(mine).as("%s %s %s", peer, series.name(), profile.name()).hasSameSizeAs(nab);
                    int worst = 0;
                    for (int i = 0; i < nab.length; i++) {
                        worst = Math.abs(mine[i] - nab[i]) > Math.abs(mine[worst] - nab[worst]) ? i : worst;
                    }
                    assertThat(mine[worst]).as("%s %s %s, the row that differs most: %d", peer, series.name(),
                            profile.name(), worst).isCloseTo(nab[worst], within(1e-6));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(0);
    }
}
