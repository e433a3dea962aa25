import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Smoke test of a running Kafka broker, run as a single-file program against the broker's own jars
 * ({@code bin/earshot infra check} does this):
 * {@code java -cp '.earshot/kafka/lib/*' infra/KafkaCheck.java 127.0.0.1:9092}.
 * Creates a topic with 4 partitions, produces and consumes one record, checks that auto-created topics get 4
 * partitions, deletes both topics. Exit status 0 when all of it worked within 30 s.
 */
public class KafkaCheck {
    public static void main(String[] args) throws Exception {
        String bootstrap = args.length > 0 ? args[0] : "127.0.0.1:9092";
        String topic = "earshot.check." + UUID.randomUUID().toString().substring(0, 8);
        String autoTopic = topic + ".auto";
        long t0 = System.nanoTime();
        Properties common = new Properties();
        common.put("bootstrap.servers", bootstrap);
        common.put("request.timeout.ms", "10000");
        common.put("default.api.timeout.ms", "30000");
        try (Admin admin = Admin.create(common)) {
            System.out.println("cluster " + admin.describeCluster().clusterId().get()
                    + ", nodes " + admin.describeCluster().nodes().get());
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
            System.out.println("created topic " + topic);

            Properties pp = new Properties();
            pp.putAll(common);
            pp.put("key.serializer", StringSerializer.class.getName());
            pp.put("value.serializer", StringSerializer.class.getName());
            pp.put("acks", "all");
            pp.put("max.block.ms", "30000");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(pp)) {
                System.out.println("produced " + producer.send(new ProducerRecord<>(topic, "key", "hello")).get());
                producer.send(new ProducerRecord<>(autoTopic, "key", "auto")).get();
            }

            Properties cp = new Properties();
            cp.putAll(common);
            cp.put("group.id", "earshot-check-" + UUID.randomUUID());
            cp.put("auto.offset.reset", "earliest");
            cp.put("key.deserializer", StringDeserializer.class.getName());
            cp.put("value.deserializer", StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
                consumer.subscribe(List.of(topic));
                long deadline = System.currentTimeMillis() + 30_000;
                int got = 0;
                while (got == 0 && System.currentTimeMillis() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        System.out.println("consumed " + r.key() + "=" + r.value() + " from " + r.topic() + "-" + r.partition());
                        got++;
                    }
                }
                if (got == 0) {
                    throw new IllegalStateException("no record consumed from " + topic + " within 30 s");
                }
                consumer.commitSync();
            }
            int partitions = admin.describeTopics(List.of(autoTopic)).allTopicNames().get().get(autoTopic).partitions().size();
            System.out.println("auto-created topic " + autoTopic + " has " + partitions + " partitions");
            admin.deleteTopics(List.of(topic, autoTopic)).all().get();
        }
        System.out.printf("Kafka at %s OK (%d ms)%n", bootstrap, (System.nanoTime() - t0) / 1_000_000);
    }
}
