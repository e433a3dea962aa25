package io.earshot.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder in NAB's layout: {@code data/<category>/<file>.csv} ({@code timestamp,value}),
 * {@code labels/combined_windows.json}, {@code profiles.json}, {@code thresholds.json} and the published detectors'
 * output in {@code results/<detector>/<category>/<detector>_<file>.csv}.
 */
public final class NabCorpus {
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One series: its name as NAB keys it ({@code realTweets/Twitter_volume_AAPL.csv}), rows and labelled windows. */
    public record Series(String name, List<LocalDateTime> timestamps, double[] values, List<NabScorer.Window> windows) {
        public String category() {
            return name.substring(0, name.indexOf('/'));
        }

        public String file() {
            return name.substring(name.indexOf('/') + 1);
        }

        public boolean inWindow(int row) {
            return windows.stream().anyMatch(w -> row >= w.first() && row <= w.last());
        }
    }

    /** A published detector's rows for one series: its anomaly scores and NAB's per-row scores by profile. */
    public record PeerResult(double[] anomalyScores, Map<String, double[]> perRowScores) {}

    private final Path root;

    public NabCorpus(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Every series under {@code data/}, sorted by name, with its windows from {@code labels/combined_windows.json}. */
    public List<Series> series() throws IOException {
        JsonNode windows = JSON.readTree(root.resolve("labels/combined_windows.json").toFile());
        List<Series> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("data"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
                String name = root.resolve("data").relativize(f).toString().replace('\\', '/');
                List<LocalDateTime> ts = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                List<String> lines = Files.readAllLines(f);
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] cells = line.split(",");
                    ts.add(LocalDateTime.parse(cells[0].trim(), TIMESTAMP));
                    values.add(Double.parseDouble(cells[1].trim()));
                }
                List<NabScorer.Window> rows = new ArrayList<>();
                for (JsonNode w : windows.path(name)) {
                    LocalDateTime start = parse(w.get(0).asText());
                    LocalDateTime end = parse(w.get(1).asText());
                    int first = -1;
                    int last = -1;
                    for (int i = 0; i < ts.size(); i++) {
                        if (first < 0 && !ts.get(i).isBefore(start)) {
                            first = i;
                        }
                        if (!ts.get(i).isAfter(end)) {
                            last = i;
                        }
                    }
                    if (first >= 0 && last >= first) {
                        rows.add(new NabScorer.Window(first, last));
                    }
                }
                all.add(new Series(name, List.copyOf(ts), values.stream().mapToDouble(Double::doubleValue).toArray(),
                        List.copyOf(rows)));
            }
        }
        return all;
    }

    /** NAB's profiles from {@code profiles.json} (standard first), or the published ones when the file is absent. */
    public List<NabScorer.Profile> profiles() throws IOException {
        Path file = root.resolve("profiles.json");
        if (!Files.exists(file)) {
            return NabScorer.Profile.ALL;
        }
        JsonNode json = JSON.readTree(file.toFile());
        List<NabScorer.Profile> profiles = new ArrayList<>();
        for (NabScorer.Profile known : NabScorer.Profile.ALL) {
            JsonNode m = json.path(known.name()).path("CostMatrix");
            if (!m.isMissingNode()) {
                profiles.add(new NabScorer.Profile(known.name(), m.path("tpWeight").asDouble(),
                        m.path("fnWeight").asDouble(), m.path("fpWeight").asDouble()));
            }
        }
        return profiles;
    }

    /** The published detectors in {@code results/}, sorted by name. */
    public List<String> peers() throws IOException {
        Path results = root.resolve("results");
        if (!Files.isDirectory(results)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(results)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** NAB's optimised threshold of a detector for a profile ({@code thresholds.json}), if listed. */
    public Optional<Double> threshold(String detector, String profile) throws IOException {
        Path file = root.resolve("thresholds.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode t = JSON.readTree(file.toFile()).path(detector).path(profile).path("threshold");
        return t.isMissingNode() ? Optional.empty() : Optional.of(t.asDouble());
    }

    /** A published detector's result file for a series, if present. */
    public Optional<PeerResult> peerResult(String detector, Series series) throws IOException {
        Path file = root.resolve("results").resolve(detector).resolve(series.category())
                .resolve(detector + "_" + series.file());
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(file);
        String[] header = lines.get(0).split(",");
        int score = -1;
        Map<String, Integer> perRow = new TreeMap<>();
        for (int c = 0; c < header.length; c++) {
            if (header[c].equals("anomaly_score")) {
                score = c;
            } else if (header[c].startsWith("S(t)_")) {
                perRow.put(header[c].substring(5), c);
            }
        }
        int rows = lines.size() - 1;
        double[] scores = new double[rows];
        Map<String, double[]> sums = new TreeMap<>();
        perRow.keySet().forEach(p -> sums.put(p, new double[rows]));
        for (int i = 0; i < rows; i++) {
            String[] cells = lines.get(i + 1).split(",");
            scores[i] = Double.parseDouble(cells[score]);
            for (Map.Entry<String, Integer> e : perRow.entrySet()) {
                sums.get(e.getKey())[i] = Double.parseDouble(cells[e.getValue()]);
            }
        }
        return Optional.of(new PeerResult(scores, sums));
    }

    static LocalDateTime parse(String timestamp) {
        String t = timestamp.trim();
        int dot = t.indexOf('.');
        return LocalDateTime.parse(dot < 0 ? t : t.substring(0, dot), TIMESTAMP);
    }
}
