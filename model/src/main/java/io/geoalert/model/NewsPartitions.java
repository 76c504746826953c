package io.geoalert.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Where an item belongs on {@code news.raw}: on the partition of the page it names, so that the
 * stream processor's story stage finds every item of one page on the partition it reads them from and
 * follows the page without a repartition hop. The record key stays the item id.
 */
public final class NewsPartitions {

    private NewsPartitions() {}

    /**
     * What an item is routed by: its page ({@link #pageId}) or, naming none, its id. The stream
     * processor keys its story candidates by this too.
     */
    public static String routingKey(String itemId, String url) {
        String page = pageId(url);
        return page != null ? page : itemId;
    }

    /** The partition of {@code news.raw} (of {@code partitions}) an item with this id and URL belongs on. */
    public static int partitionOf(String itemId, String url, int partitions) {
        return partitionOfKey(routingKey(itemId, url), partitions);
    }

    /**
     * The partition Kafka's default partitioner gives a record with this key, serialised as a string
     * (UTF-8), among {@code partitions}.
     */
    public static int partitionOfKey(String key, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /**
     * A hash of the canonical URL when it names one page; null without a URL or when it names a site's
     * root, which feeds put on every item they cannot link better and so says nothing of the story.
     */
    public static String pageId(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        String canonical = ItemIds.canonicalUrl(url);
        try {
            URI uri = new URI(canonical);
            String path = uri.getRawPath();
            if (uri.getHost() == null
                    || ((path == null || path.isEmpty() || path.equals("/")) && uri.getRawQuery() == null)) {
                return null;
            }
        } catch (URISyntaxException e) {
            return null;
        }
        return ItemIds.fromUrl(canonical);
    }
}
