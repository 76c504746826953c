package io.geoalert.producer.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class XmlHealerTest {

    // the regular expressions the healer replaced, kept here as the reference for what it must do
    private static final Pattern BARE_AMPERSAND =
            Pattern.compile("&(?!(?:[a-zA-Z][a-zA-Z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});)");
    private static final Pattern PADDED_NAMESPACE =
            Pattern.compile("(xmlns(?::[\\w.-]+)?\\s*=\\s*([\"']))\\s*([^\"']*?)\\s*\\2");

    private static String byRegex(String xml) {
        return PADDED_NAMESPACE
                .matcher(BARE_AMPERSAND.matcher(xml).replaceAll("&amp;"))
                .replaceAll("$1$3$2");
    }

    @Test
    void mendsBareAmpersandsAndPaddedNamespaces() {
        assertEquals(
                "<a xmlns=\"http://x\" b='R&amp;D &amp; &lt; &#38; &#x26;'/>",
                XmlHealer.heal("<a xmlns=\"  http://x \" b='R&D & &lt; &#38; &#x26;'/>"));
        assertEquals(
                "<a xmlns:dc = 'http://purl.org/dc/'/>", XmlHealer.heal("<a xmlns:dc = ' http://purl.org/dc/\t'/>"));
    }

    @Test
    void doesWhatTheRegularExpressionsDidOnRandomText() {
        String[] pieces = {
            "xmlns", ":", "dc", "=", " ", "\t", "\"", "'", "&", ";", "#", "x", "1", "F", "amp", "a", "<", ">", "-"
        };
        Random random = new Random(7);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            String input = text.toString();
            assertEquals(byRegex(input), XmlHealer.heal(input), () -> "input: [" + input + "]");
        }
    }

    @Test
    void craftedWhitespaceIsMendedInLinearTime() {
        // ~100 KB built to make the old expression backtrack: unclosed padded namespaces and long blank runs
        String attack = "<rss xmlns:a=\"" + " ".repeat(50_000) + "xmlns=\" " + "\t".repeat(25_000)
                + "xmlns:b=' ".repeat(2_000) + "&".repeat(5_000);
        String healed = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> XmlHealer.heal(attack));
        assertTrue(
                healed.startsWith("<rss xmlns:a=\"xmlns=\""), "the first quoted run is trimmed up to the next quote");
        assertTrue(
                healed.endsWith("xmlns:b=' " + "&amp;".repeat(5_000)),
                "every bare & escaped; the unclosed last one left alone");
        assertThrows(
                FeedParseException.class,
                () -> assertTimeoutPreemptively(
                        Duration.ofSeconds(2),
                        () -> FeedParser.parse(attack.getBytes(java.nio.charset.StandardCharsets.UTF_8), "t", null)));
    }
}
