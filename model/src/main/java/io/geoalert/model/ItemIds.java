package io.geoalert.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.StringJoiner;

/** Stable identifiers: item ids from canonical URLs, alert ids from rule and item. */
public final class ItemIds {

    private ItemIds() {}

    /**
     * The URL in a form that two feeds linking the same story agree on: lower-case scheme and
     * host, no default port, no fragment, no {@code utm_*} or click-tracking parameters.
     * A string that is not a URL is returned trimmed.
     */
    public static String canonicalUrl(String url) {
        String trimmed = url.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            return trimmed;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return trimmed;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort =
                port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        StringBuilder out = new StringBuilder(scheme).append("://").append(host);
        if (!defaultPort) {
            out.append(':').append(port);
        }
        out.append(path);
        String query = canonicalQuery(uri.getRawQuery());
        if (!query.isEmpty()) {
            out.append('?').append(query);
        }
        return out.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringJoiner kept = new StringJoiner("&");
        for (String pair : rawQuery.split("&", -1)) {
            String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            boolean tracking = name.startsWith("utm_")
                    || name.equals("fbclid")
                    || name.equals("gclid")
                    || name.equals("mc_cid")
                    || name.equals("mc_eid");
            if (!tracking && !pair.isEmpty()) {
                kept.add(pair);
            }
        }
        return kept.toString();
    }

    /** The id of an item that arrived without one: a hash of its canonical URL. */
    public static String fromUrl(String url) {
        return sha256Hex(canonicalUrl(url)).substring(0, 32);
    }

    /** A stable id from any key, e.g. a feed item's GUID. */
    public static String fromKey(String key) {
        return sha256Hex(key).substring(0, 32);
    }

    /** Deterministic alert id for a rule firing on a story, so redeliveries are recognisable. */
    public static String alertId(String ruleId, String itemId) {
        return sha256Hex(ruleId + '\u0000' + itemId).substring(0, 32);
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
