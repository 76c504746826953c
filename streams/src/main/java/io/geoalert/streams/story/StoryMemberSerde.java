package io.geoalert.streams.story;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Story index entries in a compact binary form: the index is scanned for every item that raised
 * alerts, so reading an entry must cost little (no JSON), and there is one entry per such item, so it
 * must be small. Layout, big-endian: version (1), story start (8), lead words (4), headline numbers
 * (4), story id, page id (length -1 for none) and story key as length-prefixed UTF-8, then the
 * headline's and the lead's word-pair hashes, each a count (4) and 4 bytes a hash.
 */
public final class StoryMemberSerde implements Serde<StoryMember> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<StoryMember> serializer() {
        return (topic, member) -> member == null ? null : write(member);
    }

    @Override
    public Deserializer<StoryMember> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(bytes);
    }

    static byte[] write(StoryMember member) {
        StoryFingerprint f = member.fingerprint();
        byte[] storyId = utf8(member.storyId());
        byte[] urlId = utf8(member.urlId());
        byte[] key = utf8(f.key());
        ByteBuffer out = ByteBuffer.allocate(1
                + 8
                + 4
                + 4
                + 4 * 3
                + storyId.length
                + (urlId == null ? 0 : urlId.length)
                + key.length
                + 4
                + f.titleShingles().length
                + 4
                + f.leadShingles().length);
        out.put(VERSION).putLong(member.storyStart()).putInt(f.leadWords()).putInt(f.titleNumbers());
        putBytes(out, storyId);
        putBytes(out, urlId);
        putBytes(out, key);
        putBytes(out, f.titleShingles());
        putBytes(out, f.leadShingles());
        return out.array();
    }

    static StoryMember read(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION) {
            throw new IllegalArgumentException("story index entry of unknown version " + version);
        }
        long storyStart = in.getLong();
        int leadWords = in.getInt();
        int titleNumbers = in.getInt();
        String storyId = string(getBytes(in));
        String urlId = string(getBytes(in));
        String key = string(getBytes(in));
        byte[] title = getBytes(in);
        byte[] lead = getBytes(in);
        return new StoryMember(
                storyId, storyStart, urlId, new StoryFingerprint(title, lead, leadWords, titleNumbers, key));
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        if (bytes == null) {
            out.putInt(-1);
        } else {
            out.putInt(bytes.length).put(bytes);
        }
    }

    private static byte[] getBytes(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
