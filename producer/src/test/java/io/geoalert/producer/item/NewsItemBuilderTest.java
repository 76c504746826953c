package io.geoalert.producer.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.ItemIds;
import io.geoalert.model.NewsItem;
import io.geoalert.model.NewsLimits;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NewsItemBuilderTest {

    private static ItemDraft draft(String key, String title, String link, String body) {
        return new ItemDraft(
                "desk", key, title, link, body, Instant.parse("2026-11-03T08:15:00Z"), "en", List.of(), List.of());
    }

    private static NewsItem build(ItemDraft draft) {
        return NewsItemBuilder.build(draft).orElseThrow();
    }

    @Test
    void turnsHtmlIntoFoldedPlainText() {
        NewsItem item = build(new ItemDraft(
                "desk",
                null,
                "Sanctions &amp; <b>tariffs</b>",
                "https://x.org/a",
                "<p>Ministers&nbsp;  agreed<br/>new <a href=\"x\">measures</a>.</p>",
                null,
                null,
                List.of(" A.&nbsp;Writer ", "<i></i>"),
                List.of("World", "<b>World</b>", " ")));
        assertEquals("Sanctions & tariffs", item.title());
        assertEquals("Ministers agreed new measures.", item.body());
        assertEquals(List.of("A. Writer"), item.authors(), "blank names dropped");
        assertEquals(List.of("World"), item.tags(), "blank and repeated tags dropped");
    }

    @Test
    void anItemWithoutTitleIsTitledWithTheBodyCutAtAWordBoundary() {
        String body =
                "The council met on Tuesday to discuss the renewal of the arms embargo and agreed to extend it for a year,"
                        + " with two abstentions from the permanent members";
        NewsItem item = build(draft(null, " ", "https://x.org/a", body));
        assertEquals(
                "The council met on Tuesday to discuss the renewal of the arms embargo and agreed to extend it for a year,"
                        + " with two…",
                item.title());
        assertEquals(body, item.body());
        assertEquals(
                "Short body",
                build(draft(null, "", "https://x.org/a", "Short body")).title(),
                "short enough: taken whole");
    }

    @Test
    void aTitleFromABodyWithoutNearSpacesIsCutHard() {
        String body = "x".repeat(30) + " " + "y".repeat(200);
        assertEquals(
                body.substring(0, NewsItemBuilder.TITLE_FROM_BODY) + "…",
                build(draft(null, null, "https://x.org/a", body)).title());
    }

    @Test
    void anItemWithNoTextAtAllIsDropped() {
        assertEquals(Optional.empty(), NewsItemBuilder.build(draft("k", "<p> </p>", "https://x.org/a", "")));
    }

    @Test
    void aHeadlineOnlyItemWithoutLinkKeepsItsHeadlineAsBody() {
        NewsItem item = build(draft("k", "Embargo lifted", null, null));
        assertEquals("Embargo lifted", item.body());
        assertNull(item.url());
    }

    @Test
    void theIdComesFromTheKeyElseTheLinkElseTheText() {
        assertEquals(
                ItemIds.fromKey("guid:story-17"),
                build(draft("guid:story-17", "T", "https://x.org/a", "b")).id());
        assertEquals(
                ItemIds.fromUrl("https://x.org/a"),
                build(draft(" ", "T", "https://x.org/a?utm_source=rss", "b")).id(),
                "a blank key is no key; tracking parameters do not change the id");
        assertEquals(
                ItemIds.fromKey("text:desk:T:b"),
                build(draft(null, "T", null, "b")).id());
    }

    @Test
    void theUrlIsCanonical() {
        assertEquals(
                "https://x.org/world/a?id=1",
                build(draft("k", "T", "HTTPS://X.org:443/world/a?id=1&utm_source=rss#top", "b"))
                        .url());
        assertNull(build(draft("k", "T", "  ", "b")).url(), "a blank link is no link");
    }

    @Test
    void theItemIsCutToTheLimitsInForce() {
        NewsLimits limits = NewsLimits.inForce();
        String longBody = "word ".repeat(limits.maxBodyChars() / 5 + 100);
        List<String> tags = java.util.stream.IntStream.range(0, limits.maxTags() + 5)
                .mapToObj(i -> "tag" + i)
                .toList();
        NewsItem item = build(new ItemDraft(
                "desk",
                "k",
                "T".repeat(limits.maxTitleChars() + 10),
                "https://x.org/a",
                longBody,
                null,
                null,
                List.of(),
                tags));
        assertTrue(
                item.title().length() <= limits.maxTitleChars(),
                "title " + item.title().length());
        assertEquals(limits.maxTags(), item.tags().size());
        assertTrue(
                item.body().length() <= limits.maxBodyChars(),
                "body " + item.body().length());
        assertTrue(item.body().endsWith("…"), "cut, not refused");
        item.requireValid();
    }

    @Test
    void aDraftNamesItsSource() {
        assertEquals(
                "ItemDraft.source must not be blank",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> new ItemDraft(" ", null, "T", null, "b", null, null, null, null))
                        .getMessage());
    }
}
