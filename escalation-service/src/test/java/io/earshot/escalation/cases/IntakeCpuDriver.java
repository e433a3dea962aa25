package io.earshot.escalation.cases;

import io.earshot.contracts.codec.EventCodec;
import io.earshot.contracts.events.Distress;
import io.earshot.contracts.events.DistressKind;
import io.earshot.contracts.events.Emotions;
import io.earshot.contracts.events.ScoredMention;
import io.earshot.escalation.Fixtures;
import io.earshot.escalation.crisis.CrisisConsumer;
import io.earshot.platform.messaging.Messages;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a repeatable CPU measurement of escalation's scored-mention batch path (the cases consumer's batch and
 * the crisis consumer's batch, as Kafka would hand them over), against the test PostgreSQL and Redis. Runs only with
 * {@code -Dearshot.driver.mentions=N} (optionally {@code -Dearshot.driver.batch=B}, default 200) and prints the
 * process CPU per mention, for the warm-up and for the measured half. Workload: a fixed seed, 10 brands, 1 mention in
 * 12 escalating (half of them joining an author's open thread, 1 in 40 of all a distress mention).
 * See docs/escalation.md "Measuring the hot path".
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "earshot.driver.mentions", matches = "\\d+")
class IntakeCpuDriver {
    @Inject
    ScoredMentionConsumer cases;
    @Inject
    CrisisConsumer crisis;

    @Test
    void measure() throws Throwable {
        int n = Integer.getInteger("earshot.driver.mentions");
        int batch = Integer.getInteger("earshot.driver.batch", 200);
        List<ScoredMention> warm = workload(n / 2, new Random(1));
        List<ScoredMention> timed = workload(n / 2, new Random(2));
        run(warm, batch);
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        run(timed, batch);
        long cpu = os.getProcessCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        System.out.printf(Locale.ROOT,
                "IntakeCpuDriver: %d mentions in batches of %d: %.3f ms CPU per mention (JVM process),"
                        + " %.0f mentions/s wall, %d cores%n", timed.size(), batch, cpu / 1e6 / timed.size(),
                timed.size() / (wall / 1e9), Runtime.getRuntime().availableProcessors());
    }

    private void run(List<ScoredMention> mentions, int batch) throws Throwable {
        for (int i = 0; i < mentions.size(); i += batch) {
            List<Messages.Decoded<ScoredMention>> decoded = new ArrayList<>();
            for (ScoredMention s : mentions.subList(i, Math.min(mentions.size(), i + batch))) {
                // as the consumers get them: decoded from the record's payload
                String payload = EventCodec.encode(s);
                decoded.add(new Messages.Decoded<>(Message.of(payload), EventCodec.decode(payload,
                        ScoredMention.class)));
            }
            VertxContextSupport.subscribeAndAwait(() -> cases.processAll(decoded));
            VertxContextSupport.subscribeAndAwait(() -> crisis.recordAll(decoded));
        }
    }

    static List<ScoredMention> workload(int n, Random r) {
        List<ScoredMention> out = new ArrayList<>(n);
        String[] brands = new String[10];
        for (int b = 0; b < brands.length; b++) {
            brands[b] = Fixtures.brand();
        }
        for (int i = 0; i < n; i++) {
            Fixtures.M m = new Fixtures.M(brands[r.nextInt(brands.length)]);
            int kind = r.nextInt(24);
            m.author = "a" + r.nextInt(kind < 2 ? 20 : 5000);
            m.thread = "t" + r.nextInt(kind < 2 ? 3 : 100000);
            m.followers = r.nextInt(20000);
            m.text = "post number " + r.nextInt(1_000_000) + " about the delivery and the app " + r.nextInt(1000);
            m.topics = List.of("delivery");
            if (kind < 2) {
                m.sentiment = -0.9;
                m.urgency = 0.9;
                m.emotions = new Emotions(0.9, 0, 0.2, 0, 0, 0);
            } else if (i % 40 == 0) {
                m.sentiment = -0.6;
                m.distress = new Distress(DistressKind.self_harm, 0.9);
            } else {
                m.sentiment = r.nextDouble() * 1.2 - 0.4;
                m.urgency = 0.05;
            }
            out.add(m.build());
        }
        return out;
    }
}
