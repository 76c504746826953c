package io.geoalert.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class ItemIdsTest {

    @Test
    void canonicalUrlDropsTrackingParametersFragmentAndDefaultPort() {
        assertEquals(
                "https://news.example.org/world/iran?page=2",
                ItemIds.canonicalUrl(
                        "HTTPS://News.Example.ORG:443/world/iran?utm_source=rss&page=2&fbclid=abc#comments"));
    }

    @Test
    void canonicalUrlKeepsPathCaseAndOtherPorts() {
        assertEquals("http://example.org:8080/A/B", ItemIds.canonicalUrl("http://EXAMPLE.org:8080/A/B"));
        assertEquals("http://example.org/", ItemIds.canonicalUrl("http://example.org"));
    }

    @Test
    void leavesTextThatIsNotAUrlAlone() {
        assertEquals("not a url", ItemIds.canonicalUrl("  not a url "));
    }

    @Test
    void alertIdIsTheSameForTheSameRuleAndStoryOnly() {
        assertEquals(ItemIds.alertId("r1", "i1"), ItemIds.alertId("r1", "i1"));
        assertNotEquals(ItemIds.alertId("r1", "i1"), ItemIds.alertId("r1", "i2"));
        assertNotEquals(ItemIds.alertId("r1i", "1"), ItemIds.alertId("r1", "i1"));
    }
}
