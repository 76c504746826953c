package io.geoalert.streams.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.Json;
import java.util.HexFormat;
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

    @Test
    void fingerprintsStayThoseEarlierVersionsStored() {
        // story indexes and repartition keys of a running application hold fingerprints taken by earlier
        // versions: a copy must still find them (values taken before the fingerprint read only the lead)
        StoryFingerprint figures = StoryFingerprint.of(
                "Deficit at 1,000,000 mln",
                "The figure rose to 2,000,000,000 from 3,0000 and 4,00 and x1,234y, then 5,678");
        assertEquals("083ab842", figures.key());
        assertEquals(15, figures.leadWords());
        assertEquals(156410675, figures.titleNumbers());
        assertEquals("9aa038a14792947f480e7703", HexFormat.of().formatHex(figures.titleShingles()));
        assertEquals(
                "8f250da6c2f3321bccaef9bdd7e64abcd9c9badbe08088e9e3705d74f32ce2fa083ab8421db29b0121957cde23f20a1e5d1bc6f2"
                        + "7e529858",
                HexFormat.of().formatHex(figures.leadShingles()));
        StoryFingerprint folded = StoryFingerprint.of(
                "Ünïcödé Crème brûlée café",
                "Ａｂｃ full-width and combining e\u0301 text with ß and İstanbul and 日本語 words, 1,234");
        assertEquals("11c605be", folded.key());
        assertEquals("279eef6b41166fc878a5ae0e", HexFormat.of().formatHex(folded.titleShingles()));
    }

    @Test
    void aNumberRunningOnPastTheOpeningReadIsReadWhole() {
        StringBuilder body = new StringBuilder("start ");
        for (int i = 0; i < 300; i++) {
            body.append("1,234,");
        }
        StoryFingerprint fingerprint = StoryFingerprint.of("Digits", body.toString());
        assertEquals(StoryFingerprint.LEAD_WORDS, fingerprint.leadWords());
        assertEquals("937394d6", fingerprint.key());
        assertEquals("937394d6ca6201ed", HexFormat.of().formatHex(fingerprint.leadShingles()));
    }
}
