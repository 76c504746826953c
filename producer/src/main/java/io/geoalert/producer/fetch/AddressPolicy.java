package io.geoalert.producer.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which addresses a feed may be fetched from. A public feed must not reach inside: loopback,
 * private, link-local, unspecified and multicast addresses are refused after DNS resolution,
 * unless the feed is marked internal. The caller connects to the very address checked here, so
 * a DNS answer that changes between check and connect (rebinding) cannot slip through.
 */
final class AddressPolicy {

    private AddressPolicy() {}

    /** The addresses of {@code host}, all checked; refused when any of them is internal and {@code allowPrivate} is false. */
    static List<InetAddress> resolve(String host, boolean allowPrivate) throws FetchException {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new FetchException("cannot resolve host " + host, e);
        } catch (SecurityException | IllegalArgumentException e) {
            throw new FetchException("not a valid host: " + host, e);
        }
        if (!allowPrivate) {
            // one internal answer is enough to refuse: a hostile DNS may mix public and internal addresses
            for (InetAddress address : all) {
                String kind = internalKind(address);
                if (kind != null) {
                    throw new FetchException(
                            "refused to fetch from " + host + ": it resolves to " + address.getHostAddress() + ", a "
                                    + kind + " address (mark the feed allowPrivate: true if it is internal)");
                }
            }
        }
        return List.of(all);
    }

    /** What kind of internal address this is, or null for a public one. */
    static String internalKind(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "unspecified";
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "shared (carrier-grade NAT)";
            }
            if (first == 255) {
                return "broadcast";
            }
            return null;
        }
        if (address instanceof Inet6Address v6) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "private (unique local)";
            }
            // IPv4 inside IPv6 (compatible ::a.b.c.d, NAT64 64:ff9b::a.b.c.d): judge the IPv4 address within
            boolean compatible = v6.isIPv4CompatibleAddress();
            boolean nat64 =
                    (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (compatible || nat64) {
                try {
                    InetAddress inner = InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                    return internalKind(inner);
                } catch (UnknownHostException impossible) {
                    return "malformed";
                }
            }
        }
        return null;
    }
}
