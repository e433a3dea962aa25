package io.earshot.benchmarks.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The profile behind the benchmark's figures: for each Java Flight Recorder file (one per service, written by
 * {@code EARSHOT_PROFILE=1 bin/earshot demo}), the share of CPU samples per top frame and per Earshot frame (the
 * deepest {@code io.earshot} method on the stack), and the time threads spent blocked on monitors.
 *
 * <pre>java -cp benchmarks/pipeline/target/pipeline-benchmark.jar io.earshot.benchmarks.pipeline.JfrHotMethods .earshot/jfr/*.jfr</pre>
 */
public final class JfrHotMethods {
    private static final int TOP = 12;

    private JfrHotMethods() {}

    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            summarise(Path.of(arg));
        }
    }

    static void summarise(Path file) throws IOException {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        int samples = 0;
        long blockedNanos = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.JavaMonitorEnter")) {
                blockedNanos += e.getDuration().toNanos();
                continue;
            }
            if (!type.equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            RecordedStackTrace st = e.getStackTrace();
            List<RecordedFrame> frames = st.getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            top.merge(name(frames.get(0)), 1, Integer::sum);
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.earshot")).findFirst()
                    .ifPresentOrElse(f -> ours.merge(name(f), 1, Integer::sum), () -> ours.merge("(no Earshot frame)",
                            1, Integer::sum));
        }
        System.out.printf("%n== %s: %d CPU samples, %.1f s blocked on monitors%n", file.getFileName(), samples,
                blockedNanos / 1e9);
        print("top frames", top, samples);
        print("deepest Earshot frame on the stack", ours, samples);
    }

    private static void print(String title, Map<String, Integer> counts, int samples) {
        System.out.println("-- " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())).limit(
                TOP)
                .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / Math.max(1, samples), en
                        .getKey()));
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }
}
