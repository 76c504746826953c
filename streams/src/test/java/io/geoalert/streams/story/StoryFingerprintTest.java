package io.geoalert.streams.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Json;
import org.junit.jupiter.api.Test;

class StoryFingerprintTest {

    private static final String LEAD = "European Union foreign ministers agreed on Monday to impose new sanctions on"
            + " Iranian oil exports and on the tankers that carry them, diplomats said, after months of talks over"
            + " how to respond to the expansion of the country's uranium enrichment programme.";

    @Test
    void aRepeatIsOneStoryAndSharesItsKey() {
        StoryFingerprint first = StoryFingerprint.of("EU agrees new sanctions on Iranian oil", LEAD);
        StoryFingerprint repeat = StoryFingerprint.of("(RPT) EU agrees new sanctions on Iranian oil", LEAD);
        assertTrue(first.sameStoryAs(repeat));
        assertEquals(first.key(), repeat.key());
        assertEquals(1.0, first.similarity(first));
    }

    @Test
    void aRewrittenHeadlineOverTheSameLongLeadIsOneStory() {
        StoryFingerprint wire = StoryFingerprint.of("EU agrees new sanctions on Iranian oil", LEAD);
        StoryFingerprint copy = StoryFingerprint.of("Brussels targets Tehran's tankers", LEAD);
        assertTrue(wire.sameStoryAs(copy), "the long lead decides");
        assertEquals(wire.key(), copy.key(), "the key comes from the lead");
    }

    @Test
    void headlinesNamingOtherNumbersAreTwoStories() {
        String body = "The Bank of England said it forecast a shortage in the money market today.";
        assertFalse(StoryFingerprint.of("Money market deficit forecast at 800 mln stg", body)
                .sameStoryAs(StoryFingerprint.of("Money market deficit forecast at 350 mln stg", body)));
        assertTrue(
                StoryFingerprint.of("Money market deficit forecast at 2,000 mln stg", body)
                        .sameStoryAs(StoryFingerprint.of("Money market deficit forecast at 2000 mln stg", body)),
                "2,000 is 2000");
        assertTrue(
                StoryFingerprint.of("Money market deficit forecast at 800 mln stg", body)
                        .sameStoryAs(
                                StoryFingerprint.of("Money market deficit forecast at eight hundred mln stg", body)),
                "a headline without figures does not disagree");
    }

    @Test
    void templatedItemsOfOneSourceAreTwoStories() {
        // the integration tests' generated items: one headline, a numbered report
        assertFalse(StoryFingerprint.of("UN Security Council extends sanctions on Iran (17)", "Report number 17.")
                .sameStoryAs(StoryFingerprint.of(
                        "UN Security Council extends sanctions on Iran (21)", "Report number 21.")));
        assertFalse(StoryFingerprint.of("Markets calm", "Nothing of note.")
                .sameStoryAs(StoryFingerprint.of("Weather", "Sunny.")));
    }

    @Test
    void headlineOnlyItemsAreComparedAndKeyedByTheirHeadline() {
        StoryFingerprint a = StoryFingerprint.of("UN moves to reimpose sanctions on Iran", null);
        StoryFingerprint b = StoryFingerprint.of("UN moves to reimpose sanctions on Iran", null);
        assertTrue(a.sameStoryAs(b));
        assertEquals(a.key(), b.key());
        assertEquals(8, a.key().length());
        assertNotEquals(
                a.key(),
                StoryFingerprint.of("Parliament ratifies the border treaty", null)
                        .key());
    }

    @Test
    void theHashIsStableAcrossRunsAndVersions() {
        // keys and stored fingerprints must mean the same after a restart or on another instance
        assertEquals(-2022192023, StoryFingerprint.hash("l:new sanctions"));
    }

    @Test
    void roundTripsThroughJson() {
        StoryFingerprint fingerprint = StoryFingerprint.of("EU agrees new sanctions on Iranian oil", LEAD);
        assertEquals(fingerprint, Json.read(Json.toBytes(fingerprint), StoryFingerprint.class));
    }
}
