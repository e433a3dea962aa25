package io.earshot.benchmarks;

import io.earshot.contracts.events.Scores;
import io.earshot.sentiment.scoring.Scorer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Texts scored per second per thread by Earshot's scorer, with and without explanations.
 *
 * <p>One benchmark operation scores one text; each thread walks the whole corpus round-robin (its own cursor), so the
 * reported ops/s is texts/s per thread, averaged over a realistic mix of short and long tweets. The corpus is the shared
 * tweets when {@code EARSHOT_DATA} (or {@code -Dearshot.data}, or {@code ../shared/data}) has them, else a
 * deterministic synthetic corpus ({@link Corpus}).
 *
 * <p>Defaults are sized for a 2-core machine: 1 fork, 3 x 5 s warm-up, 5 x 5 s measurement, per parameter value (about
 * 85 s in all). Override on the command line, e.g. {@code benchmarks/run.sh jmh -f 3 -t 2}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class ScorerBenchmark {

    /** Whether the scorer builds its explanation list (the service always does). */
    @Param({"false", "true"})
    public boolean explain;

    private Scorer scorer;
    private String[] texts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Corpus corpus = Corpus.load(Data.resolve(null));
        texts = corpus.texts().toArray(String[]::new);
        scorer = new Scorer();
        next = 0;
        System.out.println("corpus: " + corpus.description() + "; scorer " + Scorer.MODEL_VERSION);
    }

    @Benchmark
    public Scores scoreOneText() {
        String text = texts[next];
        if (++next == texts.length) {
            next = 0;
        }
        return scorer.score(text, explain);
    }
}
