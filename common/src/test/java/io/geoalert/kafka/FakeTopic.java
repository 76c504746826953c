package io.geoalert.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** A one-partition topic whose records every consumer made from it can read, as a broker would serve them. */
final class FakeTopic {

    static final String NAME = "followed";
    static final TopicPartition PARTITION = new TopicPartition(NAME, 0);

    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger consumersMade = new AtomicInteger();

    FakeTopic(String... values) {
        log.addAll(List.of(values));
    }

    MockConsumer<String, String> consumer() {
        consumersMade.incrementAndGet();
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest") {
            private int served;

            @Override
            public synchronized ConsumerRecords<String, String> poll(Duration timeout) {
                for (; served < log.size(); served++) {
                    addRecord(new ConsumerRecord<>(NAME, 0, served, "k" + served, log.get(served)));
                }
                ConsumerRecords<String, String> records = super.poll(timeout);
                if (records.isEmpty()) {
                    idle(); // a real consumer waits for records; do not spin
                }
                return records;
            }
        };
        consumer.updatePartitions(NAME, List.of(new PartitionInfo(NAME, 0, null, null, null)));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, (long) log.size()));
        return consumer;
    }

    private static void idle() {
        try {
            TimeUnit.MILLISECONDS.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
