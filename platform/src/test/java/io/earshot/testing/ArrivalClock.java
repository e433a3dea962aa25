package io.earshot.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * For the CPU drivers of the hot paths: a thread that reads {@code topic} from its end and records, per mention id of
 * {@code brand}, the {@link System#nanoTime()} at which the record arrived, until {@code stop} is set.
 */
public final class ArrivalClock {
    private ArrivalClock() {}

    /**
     * The topic's partitions once each has a leader. On a fresh broker the topic may not exist yet (the service under
     * test creates it with its first record, or the first metadata request auto-creates it): reading from an empty
     * assignment would silently record nothing, so wait, up to a minute, and fail loudly after that.
     */
    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (!infos.isEmpty() && infos.stream().allMatch(i -> i.leader() != null && !i.leader().isEmpty())) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " has no partitions with a leader after a minute");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    public static Thread start(String bootstrap, String topic, String brand, Map<UUID, Long> arrivedAt,
            AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        String marker = "\"brand\":\"" + brand + "\"";
        Thread t = new Thread(() -> {
            try (consumer) {
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        if (r.value() != null && r.value().contains(marker)) {
                            int at = r.value().indexOf("\"id\":\"");
                            arrivedAt.putIfAbsent(UUID.fromString(r.value().substring(at + 6, at + 42)), now);
                        }
                    }
                }
            }
        }, "bench-reader");
        t.start();
        return t;
    }
}
