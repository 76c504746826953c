package io.geoalert.streams.story;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoryMemberSerdeTest {

    private final StoryMemberSerde serde = new StoryMemberSerde();

    @Test
    void roundTripsWithAndWithoutAPage() {
        StoryFingerprint fingerprint = StoryFingerprint.of(
                "EU agrees new sanctions on Iranian oil",
                "European Union foreign ministers agreed on Monday to impose new sanctions on Iranian oil exports.");
        for (StoryMember member : new StoryMember[] {
            new StoryMember("wire-1", 1_700_000_000_000L, "0123456789abcdef0123456789abcdef", fingerprint),
            new StoryMember("ünïcode-id", 0L, null, fingerprint)
        }) {
            byte[] bytes = serde.serializer().serialize("t", member);
            assertEquals(member, serde.deserializer().deserialize("t", bytes));
            assertTrue(bytes.length < 300, bytes.length + " bytes");
        }
    }

    @Test
    void refusesAnEntryOfAnotherVersion() {
        assertThrows(IllegalArgumentException.class, () -> StoryMemberSerde.read(new byte[] {9, 0, 0}));
    }
}
