package io.earshot.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The labelled public data in {@code ../shared/data} (see its README): TweetEval splits and VADER's ground truth.
 * Nothing in the build needs it; the benchmarks use it when it is there.
 */
final class Data {
    /** Environment variable and system property that point at the data folder. */
    static final String ENV = "EARSHOT_DATA";
    static final String PROPERTY = "earshot.data";

    /** A TweetEval split: text i has class index labels[i]; names from mapping.txt. */
    record Labelled(String name, List<String> texts, int[] labels, List<String> classNames) {
        int size() {
            return texts.size();
        }
    }

    /** A VADER ground-truth file: text i has the mean human rating ratings[i] on -4..4. */
    record Rated(String name, List<String> texts, double[] ratings) {
        int size() {
            return texts.size();
        }
    }

    private Data() {}

    /**
     * The data folder: {@code explicit} when given, else {@code $EARSHOT_DATA} or {@code -Dearshot.data}, else the
     * first of {@code ../shared/data} and {@code ../../shared/data} (from the repository root or from benchmarks/).
     */
    static Path resolve(String explicit) {
        String configured = explicit != null ? explicit : System.getProperty(PROPERTY, System.getenv(ENV));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (String candidate : List.of("../shared/data", "../../shared/data")) {
            Path p = Path.of(candidate).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return Path.of("../shared/data").toAbsolutePath().normalize();
    }

    /**
     * {@code DIR/tweeteval/TASK/SPLIT_text.txt} (or {@code DIR/TASK/SPLIT_text.txt} when DIR is laid out like
     * tweeteval/ itself) with its labels, or empty when the files are absent.
     */
    static Optional<Labelled> tweetEval(Path dir, String task, String split) {
        Path base = dir.resolve("tweeteval").resolve(task);
        if (!Files.isDirectory(base) && Files.isDirectory(dir.resolve(task))) {
            base = dir.resolve(task); // DIR is itself laid out like tweeteval/
        }
        Path text = base.resolve(split + "_text.txt");
        Path labels = base.resolve(split + "_labels.txt");
        if (!Files.isRegularFile(text) || !Files.isRegularFile(labels)) {
            return Optional.empty();
        }
        List<String> texts = lines(text);
        List<String> labelLines = lines(labels);
        if (texts.size() != labelLines.size()) {
            throw new IllegalStateException(text + " has " + texts.size() + " lines but " + labels + " has "
                    + labelLines.size());
        }
        int[] y = new int[texts.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Integer.parseInt(labelLines.get(i).trim());
        }
        List<String> names = new ArrayList<>();
        Path mapping = base.resolve("mapping.txt");
        if (Files.isRegularFile(mapping)) {
            for (String line : lines(mapping)) {
                String[] parts = line.trim().split("\\s+", 2);
                if (parts.length == 2) {
                    names.add(parts[1]);
                }
            }
        }
        return Optional.of(new Labelled("tweeteval/" + task + "/" + split, texts, y, List.copyOf(names)));
    }

    /** {@code vader-groundtruth/FILE}: {@code id TAB rating TAB text}, or empty when absent. */
    static Optional<Rated> groundTruth(Path dir, String file) {
        Path p = dir.resolve("vader-groundtruth").resolve(file);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        List<String> texts = new ArrayList<>();
        List<Double> ratings = new ArrayList<>();
        int n = 0;
        for (String line : lines(p)) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t", 3);
            if (parts.length != 3) {
                throw new IllegalStateException(p + ":" + n + ": expected id<TAB>rating<TAB>text");
            }
            ratings.add(Double.parseDouble(parts[1].trim()));
            texts.add(parts[2]);
        }
        double[] r = ratings.stream().mapToDouble(Double::doubleValue).toArray();
        return Optional.of(new Rated("vader-groundtruth/" + file, texts, r));
    }

    /** Lines without their terminators (LF or CRLF). */
    static List<String> lines(Path p) {
        try {
            List<String> raw = Files.readAllLines(p, StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(raw.size());
            for (String s : raw) {
                out.add(s.endsWith("\r") ? s.substring(0, s.length() - 1) : s);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
