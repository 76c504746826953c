package io.geoalert.streams.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Alert;
import io.geoalert.model.Json;
import io.geoalert.model.NewsItem;
import io.geoalert.streams.match.AlertFactory;
import io.geoalert.streams.match.RuleMatcher;
import io.geoalert.streams.rules.RulePack;
import io.geoalert.streams.story.StoryState;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The story stages' records and stores are Smile, smaller than JSON; what was written as JSON before is still read. */
class InternalSerdeTest {

    private static StoryState story() {
        NewsItem item = new NewsItem(
                "serde-1",
                "wire",
                "EU imposes new sanctions on Iran over drone deliveries",
                "https://wire.example/eu-iran",
                "The European Union imposed sanctions on Iranian officials and firms on Monday, freezing assets"
                        + " and banning travel, over deliveries of drones to Russia.",
                Instant.parse("2026-11-30T10:00:00Z"),
                Instant.parse("2026-11-30T10:00:01Z"),
                "en",
                null,
                null,
                null);
        RuleMatcher.Result result = RuleMatcher.compile(RulePack.defaults()).match(item);
        assertFalse(result.hits().isEmpty(), "the default pack fires on a sanctions story");
        List<Alert> alerts = result.hits().stream()
                .map(hit -> AlertFactory.create(item, hit, result.entities(), Instant.parse("2026-11-30T10:00:02Z")))
                .toList();
        return new StoryState(List.of("wire", "agency"), alerts);
    }

    @Test
    void aStoryIsWrittenInSmileAndReadBackWhole() {
        Serde<StoryState> serde = GeoalertTopology.internal(StoryState.class);
        StoryState story = story();

        byte[] bytes = serde.serializer().serialize("stories", story);

        assertArrayEquals(new byte[] {':', ')', '\n'}, java.util.Arrays.copyOf(bytes, 3), "Smile's header");
        assertEquals(story, serde.deserializer().deserialize("stories", bytes));
        assertTrue(bytes.length < Json.toBytes(story).length, bytes.length + " bytes in Smile");
    }

    @Test
    void recordsWrittenAsJsonBeforeSmileAreStillRead() {
        StoryState story = story();
        assertEquals(
                story,
                GeoalertTopology.internal(StoryState.class).deserializer().deserialize("stories", Json.toBytes(story)));
        String[] keys = {"category:sanctions", "entity:Iran"};
        assertArrayEquals(
                keys,
                GeoalertTopology.internal(String[].class).deserializer().deserialize("mentions", Json.toBytes(keys)));
    }
}
