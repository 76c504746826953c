package io.geoalert.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.junit.jupiter.api.Test;

class TopicReplayTest {

    @Test
    void readsTheWholeTopicToTheEndItHadAndLeavesTheConsumerThere() {
        FakeTopic topic = new FakeTopic("a", "b", "c");
        List<String> read = new ArrayList<>();
        try (MockConsumer<String, String> consumer = topic.consumer()) {
            TopicReplay.fromBeginning(
                    consumer, FakeTopic.NAME, Duration.ofSeconds(5), record -> read.add(record.value()));
            assertEquals(List.of("a", "b", "c"), read);
            assertEquals(3, consumer.position(FakeTopic.PARTITION));
        }
    }

    @Test
    void aMissingTopicFailsNamingIt() {
        try (MockConsumer<String, String> consumer = new MockConsumer<>("earliest")) {
            var e = assertThrows(
                    IllegalStateException.class,
                    () -> TopicReplay.fromBeginning(consumer, "absent", Duration.ofSeconds(1), record -> {}));
            assertEquals("topic absent does not exist", e.getMessage());
        }
    }

    @Test
    void anEndNotReachedInTimeFailsTheReplay() {
        FakeTopic topic = new FakeTopic("a");
        try (MockConsumer<String, String> consumer = topic.consumer()) {
            consumer.updateEndOffsets(java.util.Map.of(FakeTopic.PARTITION, 5L)); // records the broker never serves
            var e = assertThrows(
                    IllegalStateException.class,
                    () -> TopicReplay.fromBeginning(consumer, FakeTopic.NAME, Duration.ofMillis(100), record -> {}));
            assertEquals("could not read followed to its end within PT0.1S", e.getMessage());
        }
    }
}
