package io.geoalert.producer.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressPolicyTest {

    private static String kind(String literal) throws Exception {
        return AddressPolicy.internalKind(InetAddress.getByName(literal));
    }

    @Test
    void namesEveryKindOfInternalAddress() throws Exception {
        assertEquals("loopback", kind("127.0.0.1"));
        assertEquals("loopback", kind("127.8.9.10"));
        assertEquals("loopback", kind("::1"));
        assertEquals("private", kind("10.1.2.3"));
        assertEquals("private", kind("172.16.0.1"));
        assertEquals("private", kind("172.31.255.255"));
        assertEquals("private", kind("192.168.1.1"));
        assertEquals("private (unique local)", kind("fd12:3456::1"));
        assertEquals("private (unique local)", kind("fc00::1"));
        assertEquals("link-local", kind("169.254.169.254"));
        assertEquals("link-local", kind("fe80::1"));
        assertEquals("unspecified", kind("0.0.0.0"));
        assertEquals("unspecified", kind("::"));
        assertEquals("unspecified", kind("0.1.2.3"));
        assertEquals("multicast", kind("224.0.0.1"));
        assertEquals("multicast", kind("ff02::1"));
        assertEquals("loopback", kind("::ffff:127.0.0.1"), "IPv4-mapped");
        assertEquals("private", kind("64:ff9b::10.0.0.1"), "NAT64");
        assertEquals("shared (carrier-grade NAT)", kind("100.64.0.1"));
    }

    @Test
    void letsPublicAddressesThrough() throws Exception {
        assertNull(kind("8.8.8.8"));
        assertNull(kind("172.32.0.1"));
        assertNull(kind("2001:4860:4860::8888"));
        assertEquals(1, AddressPolicy.resolve("93.184.216.34", false).size());
    }

    @Test
    void refusesAnInternalAddressNamingItUnlessAllowed() throws Exception {
        FetchException e = assertThrows(FetchException.class, () -> AddressPolicy.resolve("169.254.169.254", false));
        assertTrue(e.getMessage().contains("169.254.169.254, a link-local address"), e.getMessage());
        assertEquals(1, AddressPolicy.resolve("10.0.0.1", true).size());
    }
}
