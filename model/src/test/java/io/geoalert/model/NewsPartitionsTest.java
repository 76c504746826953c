package io.geoalert.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class NewsPartitionsTest {

    @Test
    void anItemIsRoutedByItsPageAndCopiesOfOnePageShareIt() {
        String page = NewsPartitions.pageId("https://news.example/world/iran-oil");
        assertEquals(ItemIds.fromUrl("https://news.example/world/iran-oil"), page);
        assertEquals(page, NewsPartitions.routingKey("guid-1", "https://news.example/world/iran-oil"));
        assertEquals(
                page, NewsPartitions.routingKey("guid-2", "HTTPS://News.Example/world/iran-oil?utm_source=rss#top"));
        assertEquals(
                NewsPartitions.partitionOf("guid-1", "https://news.example/world/iran-oil", 6),
                NewsPartitions.partitionOf("guid-2", "https://news.example/world/iran-oil?utm_medium=feed", 6));
    }

    @Test
    void anItemNamingNoPageIsRoutedByItsId() {
        assertNull(NewsPartitions.pageId("https://news.example/"));
        assertNull(NewsPartitions.pageId(null));
        assertEquals("guid-1", NewsPartitions.routingKey("guid-1", "https://news.example"));
        assertEquals("guid-1", NewsPartitions.routingKey("guid-1", " "));
        assertEquals(NewsPartitions.partitionOfKey("guid-1", 6), NewsPartitions.partitionOf("guid-1", null, 6));
    }

    @Test
    void thePartitionOfAKeyIsTheOneKafkasProducerChoosesForIt() {
        for (int i = 0; i < 1_000; i++) {
            String key = ItemIds.fromKey("key-" + i);
            for (int partitions : new int[] {1, 3, 6, 7, 64}) {
                assertEquals(
                        BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), partitions),
                        NewsPartitions.partitionOfKey(key, partitions),
                        key + " of " + partitions);
            }
        }
    }

    @Test
    void refusesAPartitionCountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> NewsPartitions.partitionOfKey("k", 0));
    }
}
