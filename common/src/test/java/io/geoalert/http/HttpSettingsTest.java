package io.geoalert.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static final HttpSettings LOOPBACK = new HttpSettings("127.0.0.1", 0, null, 1 << 20);

    @Test
    void otherInstancesReachTheBoundAddressUnlessOneIsAdvertised() {
        assertEquals("127.0.0.1:41234", LOOPBACK.advertisedAddress(41234));
        assertEquals(
                "streams-1.internal:8081",
                LOOPBACK.withAdvertised("streams-1.internal:8081").advertisedAddress(41234));
        String everyInterface = new HttpSettings("0.0.0.0", 8081, "t", 1 << 20).advertisedAddress(8081);
        assertTrue(!everyInterface.startsWith("0.0.0.0") && everyInterface.endsWith(":8081"), everyInterface);
    }

    @Test
    void anAdvertisedAddressThatIsNotHostAndPortIsRefusedNamingTheKey() {
        for (String bad : List.of("streams-1", "http://streams-1:8081", "streams-1:0", "streams-1:99999", ":8081")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LOOPBACK.withAdvertised(bad), bad);
            assertTrue(e.getMessage().startsWith("http.advertised must be HOST:PORT"), e.getMessage());
        }
    }

    @Test
    void peersMustBeHostAndPortAndNoneMeansAnyMember() {
        assertEquals(List.of(), LOOPBACK.peers());
        assertEquals(
                List.of("streams-1:8081", "10.0.0.7:8081"),
                LOOPBACK.withPeers(List.of(" streams-1:8081", "10.0.0.7:8081")).peers());
        for (String bad : List.of("streams-1", "https://streams-1:8081", "streams-1:0")) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LOOPBACK.withPeers(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("http.peers must be HOST:PORT"), e.getMessage());
        }
    }
}
