package io.geoalert.producer.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedParserTest {

    private static final String RSS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Desk</title><link>https://news.example.org/</link><language>en-gb</language>
            <item><title>Sanctions &amp; tariffs: the &lt;b&gt;new&lt;/b&gt; list</title>
              <link>/world/sanctions?utm_source=rss#top</link>
              <guid isPermaLink="false">story-17</guid>
              <description>&lt;p&gt;Ministers   agreed&lt;br/&gt;new &lt;a href="x"&gt;measures&lt;/a&gt;.&lt;/p&gt;</description>
              <pubDate>Tue, 03 Nov 2026 08:15:00 GMT</pubDate>
              <category>World</category><author>desk@example.org (A. Writer)</author></item>
            </channel></rss>
            """;

    private static List<NewsItem> items(String feed) throws FeedParseException {
        return FeedParser.parse(feed.getBytes(StandardCharsets.UTF_8), "desk", null)
                .items();
    }

    @Test
    void normalisesAnRssItem() throws Exception {
        FeedParser.ParsedFeed feed = FeedParser.parse(RSS.getBytes(StandardCharsets.UTF_8), "desk", null);
        assertEquals("Desk", feed.title());
        NewsItem item = feed.items().get(0);
        assertEquals("Sanctions & tariffs: the new list", item.title());
        assertEquals("Ministers agreed new measures.", item.body());
        assertEquals("https://news.example.org/world/sanctions", item.url(), "resolved, tracking and fragment removed");
        assertEquals(Instant.parse("2026-11-03T08:15:00Z"), item.publishedAt());
        assertEquals("en-gb", item.language());
        assertEquals(List.of("World"), item.tags());
        assertEquals("desk", item.source());
    }

    @Test
    void idIsStableAcrossPollsAndComesFromTheGuid() throws Exception {
        String again = RSS.replace("Ministers", "Officials");
        assertEquals(items(RSS).get(0).id(), items(again).get(0).id());
        String otherGuid = RSS.replace("story-17", "story-18");
        assertTrue(!items(RSS).get(0).id().equals(items(otherGuid).get(0).id()));
    }

    @Test
    void readsAtomWithHtmlContent() throws Exception {
        List<NewsItem> atom = items("""
                <feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
                <entry><title type="html">Treaty &lt;em&gt;ratified&lt;/em&gt;</title><id>urn:x:1</id>
                <link href="https://x.org/a"/><updated>2026-11-01T10:00:00Z</updated>
                <content type="html">&lt;p&gt;Both parliaments voted.&lt;/p&gt;</content></entry></feed>
                """);
        assertEquals("Treaty ratified", atom.get(0).title());
        assertEquals("Both parliaments voted.", atom.get(0).body());
        assertEquals(Instant.parse("2026-11-01T10:00:00Z"), atom.get(0).publishedAt());
    }

    @Test
    void isLenientWhereFeedReadersAre() throws Exception {
        String messy = "\n\n  "
                + RSS.strip()
                        .replace("Sanctions &amp; tariffs", "Sanctions & tariffs")
                        .replace("the &lt;b&gt;new", "the&nbsp;&lt;b&gt;new");
        assertEquals("Sanctions & tariffs: the new list", items(messy).get(0).title());

        byte[] utf16 = ("\uFEFF" + RSS.strip().replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""))
                .getBytes(StandardCharsets.UTF_16LE);
        assertEquals(
                "Sanctions & tariffs: the new list",
                FeedParser.parse(utf16, "desk", null).items().get(0).title());

        byte[] latin1 = RSS.replace("Ministers", "Ministères").getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(
                FeedParser.parse(latin1, "desk", null).items().get(0).body().startsWith("Minist"),
                "declared UTF-8, sent Latin-1");
    }

    @Test
    void refusesEntityExpansionBombsWithAClearError() {
        StringBuilder lol = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"lollollollollol\">");
        String previous = "a";
        for (int level = 1; level <= 9; level++) {
            String name = "e" + level;
            lol.append("<!ENTITY ")
                    .append(name)
                    .append(" \"")
                    .append(("&" + previous + ";").repeat(10))
                    .append("\">");
            previous = name;
        }
        lol.append("]><rss version=\"2.0\"><channel><title>&").append(previous).append(";</title></channel></rss>");
        FeedParseException e = assertThrows(
                FeedParseException.class,
                () -> FeedParser.parse(lol.toString().getBytes(StandardCharsets.UTF_8), "x", null));
        assertTrue(e.getMessage().startsWith("the feed is not well-formed XML"), e.getMessage());
    }

    @Test
    void readsJsonFeed() throws Exception {
        List<NewsItem> json = items("""
                {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.org/",
                 "items": [{"id": "1", "url": "/a", "title": "Embargo lifted", "content_html": "<p>Trade resumes.</p>",
                            "date_published": "2026-11-02T09:00:00+01:00", "tags": ["trade"]},
                           {"id": "2", "content_text": "A post with no title but some text"}]}
                """);
        assertEquals("Embargo lifted", json.get(0).title());
        assertEquals("https://j.org/a", json.get(0).url());
        assertEquals(Instant.parse("2026-11-02T08:00:00Z"), json.get(0).publishedAt());
        assertEquals("A post with no title but some text", json.get(1).title());
        assertNull(json.get(1).url());
    }

    @Test
    void saysWhatIsWrongWithADocumentThatIsNoFeed() {
        assertTrue(assertThrows(FeedParseException.class, () -> items("<html><body>hi</body></html>"))
                .getMessage()
                .startsWith("the document is not an RSS or Atom feed"));
        assertTrue(assertThrows(FeedParseException.class, () -> items("<rss><channel><title>x</chan"))
                .getMessage()
                .startsWith("the feed is not well-formed XML"));
        assertTrue(assertThrows(FeedParseException.class, () -> items("{\"no\": \"items\"}"))
                .getMessage()
                .contains("not a JSON Feed"));
        assertEquals(
                "the feed is empty",
                assertThrows(FeedParseException.class, () -> items("")).getMessage());
    }
}
