package io.geoalert.producer.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsItem;
import io.geoalert.testing.RequiresSharedData;
import io.geoalert.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Items resolved by reference in the third-party corpora (read in place) and in small files the test writes. */
class CorpusTest {

    private static final String REUTERS_000 = "corpora/reuters21578-subset/reut2-000.sgm";
    private static final String CURRENT_EVENTS = "corpora/wikipedia-current-events-2015-09/wikitimes_CEP.json";
    private static final String GUARDIAN = "corpora/news-feed-snapshots/rss-parser/input/guardian.rss";

    private static Corpus shared() {
        return new Corpus(SharedData.path("corpora"));
    }

    @Test
    @RequiresSharedData(REUTERS_000)
    void resolvesAReutersStoryByItsNewIdWithoutTheWiresDebris() throws IOException {
        String ref = "reuters21578-subset/reut2-000.sgm#2";
        NewsItem item = shared().item(ref);
        assertEquals(ref, item.id());
        assertEquals("reuters-21578", item.source());
        assertEquals("en", item.language());
        assertNull(item.url());
        // &lt; unescaped in the title and the body
        assertEquals("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT", item.title());
        // control entities (&#3; before </BODY>) and the "Reuter" sign-off gone, white space folded
        assertEquals(
                "Standard Oil Co and BP North America Inc said they plan to form a venture to manage the money"
                        + " market borrowing and investment activities of both companies. BP North America is a"
                        + " subsidiary of British Petroleum Co Plc <BP>, which also owns a 55 pct interest in"
                        + " Standard Oil. The venture will be called BP/Standard Financial Trading and will be"
                        + " operated by Standard Oil under the oversight of a joint management committee.",
                item.body());
    }

    @Test
    @RequiresSharedData(REUTERS_000)
    void dropsTheReutersSignOffWrittenInCapitals() throws IOException {
        NewsItem item = shared().item("reuters21578-subset/reut2-000.sgm#217");
        assertEquals("JAPAN MARCH BOND COUPON SEEN UNCHANGED AT FIVE PCT", item.title());
        assertTrue(item.body().startsWith("The Finance Ministry has proposed informally"), item.body());
        assertTrue(item.body().endsWith("the proposed terms immediately, the sources said."), item.body());
    }

    @Test
    @RequiresSharedData(CURRENT_EVENTS)
    void resolvesAWikipediaCurrentEventsEntryByItsIndex() throws IOException {
        String ref = "wikipedia-current-events-2015-09/wikitimes_CEP.json#1";
        NewsItem item = shared().item(ref);
        assertEquals(ref, item.id());
        assertEquals("wikipedia-current-events", item.source());
        // the entry's summary is the headline; its trailing " , " goes
        assertEquals(
                "Al-Shabaab claims to have killed scores of African Union troops in a successful attack that"
                        + " captured a compound in Janaale, south of Mogadishu.",
                item.title());
        assertNull(item.body());
        assertEquals(
                "http://hosted.ap.org/dynamic/stories/A/AF_SOMALIA_VIOLENCE?SITE=AP&SECTION=HOME&TEMPLATE=DEFAULT",
                item.url());
        assertEquals(Instant.parse("2015-09-01T00:00:00Z"), item.publishedAt());
        assertEquals("en", item.language());
        assertTrue(
                shared().item("wikipedia-current-events-2015-09/wikitimes_CEP.json#0")
                        .title()
                        .startsWith("The United Nations confirms the Islamic State"),
                "positions count from 0");
    }

    @Test
    @RequiresSharedData(GUARDIAN)
    void resolvesAFeedItemByItsIndexWithTheReferenceAsItsId() throws IOException {
        String ref = "news-feed-snapshots/rss-parser/input/guardian.rss#1";
        Corpus corpus = shared();
        NewsItem item = corpus.item(ref);
        assertEquals(ref, item.id());
        assertEquals("So, how did conservatives like the State of the Union?", item.title());
        assertEquals(
                "https://www.theguardian.com/us-news/2018/jan/31/so-how-did-conservatives-like-the-state-of-the-union",
                item.url());
        assertEquals(Instant.parse("2018-01-31T15:46:36Z"), item.publishedAt());
        assertTrue(
                item.body().startsWith("Even Donald Trump’s more extreme supporters did not seem to mind"),
                item.body());
        assertEquals(
                "Trump State of the Union address promised unity but emphasized discord",
                corpus.item("news-feed-snapshots/rss-parser/input/guardian.rss#0")
                        .title(),
                "positions count from 0");
        assertEquals(
                55,
                corpus.items("news-feed-snapshots/rss-parser/input/guardian.rss")
                        .size());
    }

    @Test
    @RequiresSharedData(REUTERS_000)
    void refusesAReferenceWithoutPositionNamingIt() {
        Corpus corpus = shared();
        for (String ref : List.of("reuters21578-subset/reut2-000.sgm", "reuters21578-subset/reut2-000.sgm#", "#2")) {
            IOException e = assertThrows(IOException.class, () -> corpus.item(ref), ref);
            assertTrue(e.getMessage().contains("'" + ref + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("file#position"), e.getMessage());
        }
    }

    @Test
    @RequiresSharedData({REUTERS_000, CURRENT_EVENTS, GUARDIAN})
    void refusesAnUnknownPositionNamingTheReference() {
        Corpus corpus = shared();
        for (String ref : List.of(
                "reuters21578-subset/reut2-000.sgm#5000",
                "reuters21578-subset/reut2-000.sgm#99", // an untitled brief: not an item
                "wikipedia-current-events-2015-09/wikitimes_CEP.json#428",
                "news-feed-snapshots/rss-parser/input/guardian.rss#55")) {
            IOException e = assertThrows(IOException.class, () -> corpus.item(ref), ref);
            assertTrue(e.getMessage().contains("'" + ref + "'"), e.getMessage());
            assertTrue(
                    e.getMessage().contains("no item at position " + ref.substring(ref.indexOf('#') + 1)),
                    e.getMessage());
        }
    }

    @Test
    @RequiresSharedData("corpora/reuters21578-subset")
    void refusesAMissingFileNamingTheReference() {
        String ref = "reuters21578-subset/reut2-099.sgm#1";
        IOException e = assertThrows(IOException.class, () -> shared().item(ref));
        assertTrue(e.getMessage().contains("'" + ref + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    @RequiresSharedData({"corpora", "fixtures/labeled-dev.jsonl"})
    void refusesAReferenceThatLeavesTheCorpusFolderNamingIt() {
        Corpus corpus = shared();
        // the file exists beside the corpora: it must still not be read
        for (String ref : List.of(
                "../fixtures/labeled-dev.jsonl#0",
                "reuters21578-subset/../../fixtures/labeled-dev.jsonl#0",
                SharedData.path("fixtures/labeled-dev.jsonl").toAbsolutePath() + "#0")) {
            IOException e = assertThrows(IOException.class, () -> corpus.item(ref), ref);
            assertTrue(e.getMessage().contains("'" + ref + "'"), e.getMessage());
            assertTrue(e.getMessage().contains("leaves the corpus folder"), e.getMessage());
        }
    }

    private static final String SGM = """
            <!DOCTYPE lewis SYSTEM "lewis.dtd">
            <REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="7">
            <DATE>26-FEB-1987 15:01:01.79</DATE>
            <UNKNOWN>\s
            &#5;&#5;&#5;C T
            &#22;&#22;&#1;f0704&#31;reute
            u f BC-ACME-SANCTIONS   02-26 0105</UNKNOWN>
            <TEXT>&#2;
            <TITLE>U.S. SANCTIONS ON ACME &lt;ACM></TITLE>
            <DATELINE>    WASHINGTON, Feb 26 - </DATELINE><BODY>The U.S. imposed sanctions
            on Acme &lt;ACM> &amp; Co, officials said.

             Reuter
            &#3;</BODY></TEXT>
            </REUTERS>
            <REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="2" NEWID="8">
            <TEXT TYPE="UNPROC">&#2;
            FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
                Two weeks ended Feb 25      daily avgs-mlns
            &#3;</TEXT>
            </REUTERS>
            <REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="3" NEWID="9">
            <TEXT TYPE="BRIEF">&#2;
            ******<TITLE>BORDER TREATY SIGNED
            </TITLE>Blah blah blah.
            &#3;
            </TEXT>
            </REUTERS>
            <REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="4" NEWID="10">
            <TEXT>&#2;
            <TITLE>JAPAN BOND COUPON UNCHANGED</TITLE>
            <DATELINE>    TOKYO, Feb 27 - </DATELINE><BODY>The coupon stays at five pct.
             REUTER
            &#3;</BODY></TEXT>
            </REUTERS>
            """;

    private static final String RSS = """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>Desk</title><link>https://desk.example.org/</link>
            <item><title>First story</title><link>https://desk.example.org/1</link>
              <description>One body.</description></item>
            <item><title>Second story</title><link>https://desk.example.org/2</link>
              <description>Two body.</description><pubDate>Wed, 31 Jan 2018 15:46:36 GMT</pubDate></item>
            </channel></rss>
            """;

    @Test
    void readsReutersLikeStoriesAndFeedItemsFromFilesOfItsOwn(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("wire"));
        Files.writeString(root.resolve("wire/mini.sgm"), SGM, StandardCharsets.ISO_8859_1);
        Files.writeString(root.resolve("desk.rss"), RSS, StandardCharsets.UTF_8);
        Corpus corpus = new Corpus(root);

        // the untitled story (NEWID 8) is skipped; positions are NEWIDs, in file order
        assertEquals(
                List.of("7", "9", "10"),
                List.copyOf(corpus.items("wire/mini.sgm").keySet()));
        NewsItem story = corpus.item("wire/mini.sgm#7");
        assertEquals("wire/mini.sgm#7", story.id());
        assertEquals("U.S. SANCTIONS ON ACME <ACM>", story.title());
        assertEquals("The U.S. imposed sanctions on Acme <ACM> & Co, officials said.", story.body());
        NewsItem brief = corpus.item("wire/mini.sgm#9");
        assertEquals("BORDER TREATY SIGNED", brief.title());
        assertNull(brief.body(), "a brief has no body");
        assertEquals(
                "The coupon stays at five pct.", corpus.item("wire/mini.sgm#10").body());
        IOException untitled = assertThrows(IOException.class, () -> corpus.item("wire/mini.sgm#8"));
        assertTrue(untitled.getMessage().contains("'wire/mini.sgm#8': no item at position 8"), untitled.getMessage());

        NewsItem second = corpus.item("desk.rss#1");
        assertEquals("desk.rss#1", second.id());
        assertEquals("Second story", second.title());
        assertEquals("https://desk.example.org/2", second.url());
        assertEquals("Two body.", second.body());
        assertEquals(Instant.parse("2018-01-31T15:46:36Z"), second.publishedAt());
        assertEquals("First story", corpus.item("desk.rss#0").title());
        assertThrows(IOException.class, () -> corpus.item("desk.rss#2"));

        // files are read once and kept
        Files.delete(root.resolve("desk.rss"));
        assertSame(second, corpus.item("desk.rss#1"));
    }

    @Test
    void refusesAFileThatIsNoFeedNamingTheReference(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("notes.txt"), "not a feed at all\n");
        String ref = "notes.txt#0";
        IOException e = assertThrows(IOException.class, () -> new Corpus(root).item(ref));
        assertTrue(e.getMessage().contains("'" + ref + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("is not a feed this project reads"), e.getMessage());
    }
}
