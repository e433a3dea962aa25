package io.earshot.benchmarks;

import io.earshot.escalation.crisis.CrisisDetector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code benchmarks/run.sh crisis}: Earshot's crisis detector on a NAB-layout folder, side by side with the published
 * detectors in its {@code results/}, all scored by {@link NabScorer}. Writes NAB-format result files and one SVG per
 * series under {@code --out} and prints one table per profile (standard first).
 *
 * <p>Arguments: {@code --data DIR} (the NAB folder), {@code --out DIR} (default benchmarks/target/crisis).
 */
public final class CrisisReport {
    static final String EARSHOT = "earshot";

    /** One detector's figures over the whole folder for one profile. */
    record Row(String detector, double score, int detected, int missed, int falsePositives, Duration medianDelay) {}

    private CrisisReport() {}

    public static void main(String[] args) throws IOException {
        Path data = null;
        Path out = Path.of("benchmarks/target/crisis");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--data DIR, --out DIR)");
            }
        }
        if (data == null || !Files.isDirectory(data.resolve("data"))) {
            System.out.println("No NAB-layout folder at " + data + ": nothing to measure (run.sh crisis --data DIR).");
            return;
        }
        NabCorpus corpus = new NabCorpus(data);
        List<NabCorpus.Series> series = corpus.series();
        List<NabScorer.Profile> profiles = corpus.profiles();
        CrisisDetector.Settings settings = CrisisDetector.Settings.defaults();
        System.out.println("Crisis detection on NAB-layout series: Earshot's CrisisDetector (service defaults) and the"
                + " published detectors, one NAB scorer");
        System.out.println("date:    " + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        System.out.println("command: " + System.getProperty("earshot.command", "benchmarks/run.sh crisis"));
        System.out.println("machine: " + Machine.describe() + "; load " + Machine.loadAverage());
        System.out.println("data:    " + data + " (" + series.size() + " series, "
                + series.stream().mapToInt(s -> s.windows().size()).sum() + " windows)");
        System.out.println("earshot: " + settings);

        Map<String, CrisisReplay.Replay> replays = new LinkedHashMap<>();
        long started = System.nanoTime();
        for (NabCorpus.Series s : series) {
            replays.put(s.name(), CrisisReplay.replay(s, settings));
        }
        long replayMs = (System.nanoTime() - started) / 1_000_000;
        int opened = replays.values().stream().mapToInt(r -> r.episodes().size()).sum();
        System.out.printf(Locale.ROOT, "replay:  %d crises opened in %d rows, %d ms%n", opened,
                series.stream().mapToInt(s -> s.values().length).sum(), replayMs);

        Path results = out.resolve("results");
        Path plots = out.resolve("plots");
        for (NabCorpus.Series s : series) {
            CrisisReplay.Replay r = replays.get(s.name());
            writeResult(results.resolve(EARSHOT).resolve(s.category()).resolve(EARSHOT + "_" + s.file()), s, r,
                    profiles);
            Path svg = plots.resolve(s.file().replace(".csv", ".svg"));
            Files.createDirectories(svg.getParent());
            Files.writeString(svg, CrisisSvg.draw(s, r));
        }
        System.out.println("files:   " + results.resolve(EARSHOT) + " (NAB result files), " + plots
                + " (one SVG per series)");

        List<String> peers = corpus.peers();
        for (NabScorer.Profile profile : profiles) {
            List<Row> rows = new ArrayList<>();
            rows.add(row(EARSHOT, series, profile, s -> replays.get(s.name()).detections()));
            for (String peer : peers) {
                var threshold = corpus.threshold(peer, profile.name());
                if (threshold.isEmpty()) {
                    continue;
                }
                Map<String, boolean[]> flags = new LinkedHashMap<>();
                for (NabCorpus.Series s : series) {
                    corpus.peerResult(peer, s).ifPresent(p -> flags.put(s.name(), detections(p.anomalyScores(),
                            threshold.get())));
                }
                if (flags.size() == series.size()) {
                    rows.add(row(peer, series, profile, s -> flags.get(s.name())));
                }
            }
            rows.sort((a, b) -> Double.compare(b.score(), a.score()));
            System.out.println();
            System.out.printf(Locale.ROOT,
                    "profile %s (tp %.2f, fn %.2f, fp %.2f); NAB score 0 = null detector, 100 = perfect%n",
                    profile.name(), profile.tpWeight(), profile.fnWeight(), profile.fpWeight());
            System.out.printf(Locale.ROOT, "  %-18s %7s %9s %7s %6s %14s%n", "detector", "score", "detected", "missed",
                    "FP", "median delay");
            for (Row row : rows) {
                System.out.printf(Locale.ROOT, "  %-18s %7.1f %9d %7d %6d %14s%n", row.detector(), row.score(),
                        row.detected(), row.missed(), row.falsePositives(), format(row.medianDelay()));
            }
        }
    }

    /** A detector's flags: anomaly score at or above the threshold, as NAB decides. */
    static boolean[] detections(double[] scores, double threshold) {
        boolean[] flags = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            flags[i] = scores[i] >= threshold;
        }
        return flags;
    }

    static Row row(String detector, List<NabCorpus.Series> series, NabScorer.Profile profile,
            java.util.function.Function<NabCorpus.Series, boolean[]> flags) {
        double raw = 0;
        int detected = 0;
        int missed = 0;
        int fp = 0;
        int windows = 0;
        List<Duration> delays = new ArrayList<>();
        for (NabCorpus.Series s : series) {
            NabScorer.FileScore f = NabScorer.score(flags.apply(s), s.windows(), profile);
            raw += f.score();
            detected += f.detected();
            missed += f.missed();
            fp += f.falsePositives();
            windows += s.windows().size();
            for (NabScorer.Window win : s.windows()) {
                for (int i = win.first(); i <= win.last(); i++) {
                    if (flags.apply(s)[i] && i >= NabScorer.probation(s.values().length)) {
                        delays.add(Duration.between(s.timestamps().get(win.first()), s.timestamps().get(i)));
                        break;
                    }
                }
            }
        }
        delays.sort(null);
        Duration median = delays.isEmpty()
                ? null
                : delays.size() % 2 == 1
                        ? delays.get(delays.size() / 2)
                        : delays.get(delays.size() / 2 - 1).plus(delays.get(delays.size() / 2)).dividedBy(2);
        return new Row(detector, NabScorer.normalise(raw, windows, profile), detected, missed, fp, median);
    }

    static String format(Duration d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%dh%02d", d.toHours(), d.toMinutesPart());
    }

    /** A NAB result file: timestamp,value,anomaly_score,label and the per-row score of each profile. */
    static void writeResult(Path file, NabCorpus.Series s, CrisisReplay.Replay r, List<NabScorer.Profile> profiles)
            throws IOException {
        Files.createDirectories(file.getParent());
        List<double[]> perRow = new ArrayList<>();
        StringBuilder csv = new StringBuilder("timestamp,value,anomaly_score,label");
        for (NabScorer.Profile p : profiles) {
            csv.append(",S(t)_").append(p.name());
            perRow.add(NabScorer.score(r.detections(), s.windows(), p).perRow());
        }
        csv.append('\n');
        for (int i = 0; i < s.values().length; i++) {
            csv.append(s.timestamps().get(i).format(NabCorpus.TIMESTAMP)).append(',')
                    .append(String.format(Locale.ROOT, "%.0f", s.values()[i])).append(',')
                    .append(r.detections()[i] ? "1.0" : "0.0").append(',').append(s.inWindow(i) ? 1 : 0);
            for (double[] p : perRow) {
                csv.append(',').append(String.format(Locale.ROOT, "%.6f", p[i]));
            }
            csv.append('\n');
        }
        Files.writeString(file, csv);
    }
}
