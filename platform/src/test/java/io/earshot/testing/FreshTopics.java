package io.earshot.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Empties every topic of the shared test broker before a module's tests start. All modules of {@code bin/earshot test}
 * share one broker, and each consumer group starts at the earliest offset: without this, sentiment's first test
 * waited for the listener tests' mentions to be scored, and escalation and map read all that sentiment's tests
 * produced. Acts only when {@code EARSHOT_FRESH_TOPICS_BROKER} names a broker on loopback (set by {@code bin/earshot
 * test}); a test run against any other broker is left alone.
 */
public class FreshTopics implements LauncherSessionListener {
    static final String BROKER = "EARSHOT_FRESH_TOPICS_BROKER";

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String broker = System.getenv(BROKER);
        if (broker == null || broker.isBlank() || !loopback(broker)) {
            return;
        }
        try {
            Class.forName("org.apache.kafka.clients.admin.Admin", false, FreshTopics.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return; // a module without Kafka on its test classpath (web) consumes no topic
        }
        Kafka.empty(broker);
    }

    /** Kept apart, so that the listener loads in a module without kafka-clients. */
    private static final class Kafka {
        static void empty(String broker) {
            long started = System.nanoTime();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000))) {
                Set<String> topics = admin.listTopics().names().get(20, TimeUnit.SECONDS);
                if (topics.isEmpty()) {
                    return;
                }
                Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get(20, TimeUnit.SECONDS).forEach((name, d) -> d
                        .partitions().forEach(p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec
                                .latest())));
                Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
                long[] records = {0};
                admin.listOffsets(ends).all().get(20, TimeUnit.SECONDS).forEach((tp, info) -> {
                    if (info.offset() > 0) {
                        delete.put(tp, RecordsToDelete.beforeOffset(info.offset()));
                        records[0] += info.offset();
                    }
                });
                if (!delete.isEmpty()) {
                    admin.deleteRecords(delete).all().get(30, TimeUnit.SECONDS);
                }
                System.out.printf(
                        "[earshot] FreshTopics: emptied %d topics of %s (%d partitions, up to %d records) in %d ms%n",
                        topics.size(), broker, delete.size(), records[0], (System.nanoTime() - started) / 1_000_000);
            } catch (Exception e) {
                // Only a speed-up: the tests are correct on a broker with old records too.
                StringBuilder why = new StringBuilder(e.toString());
                for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                    why.append("; caused by ").append(c);
                }
                System.err.println("[earshot] FreshTopics: could not empty the topics of " + broker + ": " + why);
            }
        }
    }

    private static boolean loopback(String bootstrap) {
        for (String server : bootstrap.split(",")) {
            String host = server.trim();
            int colon = host.lastIndexOf(':');
            host = colon > 0 ? host.substring(0, colon) : host;
            try {
                if (!InetAddress.getByName(host).isLoopbackAddress()) {
                    return false;
                }
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return true;
    }
}
