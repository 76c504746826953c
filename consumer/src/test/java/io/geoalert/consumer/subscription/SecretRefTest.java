package io.geoalert.consumer.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretRefTest {

    @TempDir
    Path dir;

    private final SecretRef refs = new SecretRef(Map.of("SNAPBACK_SECRET", "from-the-env", "EMPTY", "")::get);

    @Test
    void aLiteralIsItsOwnValue() {
        assertEquals("old-secret", refs.resolve("channel.secrets[1]", "old-secret"));
        assertFalse(SecretRef.isReference("old-secret"));
    }

    @Test
    void anEnvironmentReferenceReadsTheVariableWhenUsed() {
        assertTrue(SecretRef.isReference("${env:SNAPBACK_SECRET}"));
        assertEquals("from-the-env", refs.resolve("channel.secrets[0]", "${env:SNAPBACK_SECRET}"));
    }

    @Test
    void aFileReferenceReadsTheFileWithoutItsTrailingNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("smtp-password"), "p4ss word\n");
        assertEquals("p4ss word", refs.resolve("channel.smtp.password", "${file:" + file + "}"));
        Files.writeString(file, "rotated\r\n");
        assertEquals("rotated", refs.resolve("channel.smtp.password", "${file:" + file + "}"));
    }

    @Test
    void aReferenceThatDoesNotResolveNamesTheSettingAndTheReference() {
        IllegalArgumentException unset = assertThrows(
                IllegalArgumentException.class, () -> refs.resolve("channel.secrets[0]", "${env:NOT_SET}"));
        assertEquals(
                "channel.secrets[0]: ${env:NOT_SET} does not resolve: environment variable NOT_SET is not set",
                unset.getMessage());
        IllegalArgumentException empty =
                assertThrows(IllegalArgumentException.class, () -> refs.resolve("channel.secrets[0]", "${env:EMPTY}"));
        assertEquals("channel.secrets[0]: ${env:EMPTY} does not resolve: it is empty", empty.getMessage());
        Path missing = dir.resolve("missing");
        IllegalArgumentException noFile = assertThrows(
                IllegalArgumentException.class, () -> refs.resolve("channel.smtp.password", "${file:" + missing + "}"));
        assertEquals(
                "channel.smtp.password: ${file:" + missing + "} does not resolve: no such file", noFile.getMessage());
        IllegalArgumentException malformed =
                assertThrows(IllegalArgumentException.class, () -> refs.resolve("channel.url", "${secret:x}"));
        assertTrue(malformed.getMessage().startsWith("channel.url '${secret:x}' is an unknown kind of reference"));
    }

    @Test
    void aFileThatIsTooLargeOrNotTextIsRefusedWithoutShowingItsContent() throws Exception {
        Path big = Files.write(dir.resolve("big"), new byte[SecretRef.MAX_FILE_BYTES + 1]);
        IllegalArgumentException tooBig =
                assertThrows(IllegalArgumentException.class, () -> refs.resolve("s", "${file:" + big + "}"));
        assertTrue(tooBig.getMessage().endsWith("the file is larger than 65536 bytes"), tooBig.getMessage());
        Path binary = Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 's', 'e', 'c'});
        IllegalArgumentException notText =
                assertThrows(IllegalArgumentException.class, () -> refs.resolve("s", "${file:" + binary + "}"));
        assertEquals("s: ${file:" + binary + "} does not resolve: the file is not UTF-8 text", notText.getMessage());
    }
}
