package io.geoalert.consumer.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTest {

    private final Secrets secrets = new Secrets(Map.of("HOOK_SECRET", "from-env", "EMPTY", "")::get);

    @Test
    void takesALiteralAsItIs() {
        assertEquals("whsec_abc", secrets.resolve("channel.secrets[0]", "whsec_abc"));
        assertFalse(Secrets.isReference("whsec_abc"));
    }

    @Test
    void readsAnEnvironmentVariable() {
        assertEquals("from-env", secrets.resolve("channel.secrets[0]", "${env:HOOK_SECRET}"));
        assertTrue(Secrets.isReference("${env:HOOK_SECRET}"));
    }

    @Test
    void readsAFileDroppingOneTrailingLineBreak(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("smtp-password");
        Files.writeString(file, "pa ss\n");
        assertEquals("pa ss", secrets.resolve("channel.smtp.password", "${file:" + file + "}"));
    }

    @Test
    void namesTheSettingWhenAReferenceDoesNotResolve(@TempDir Path dir) {
        IllegalArgumentException unset = assertThrows(
                IllegalArgumentException.class, () -> secrets.resolve("channel.secrets[1]", "${env:NOPE}"));
        assertEquals("channel.secrets[1]: environment variable NOPE is not set", unset.getMessage());

        IllegalArgumentException empty = assertThrows(
                IllegalArgumentException.class, () -> secrets.resolve("channel.secrets[0]", "${env:EMPTY}"));
        assertTrue(empty.getMessage().startsWith("channel.secrets[0]:"), empty.getMessage());

        Path missing = dir.resolve("missing");
        IllegalArgumentException unreadable = assertThrows(
                IllegalArgumentException.class,
                () -> secrets.resolve("channel.smtp.password", "${file:" + missing + "}"));
        assertTrue(
                unreadable.getMessage().startsWith("channel.smtp.password: cannot read secret file " + missing),
                unreadable.getMessage());
    }

    @Test
    void refusesAMisspeltReferenceRatherThanUsingItAsTheSecret() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> secrets.resolve("channel.secrets[0]", "${ENV:HOOK_SECRET}"));
        assertTrue(e.getMessage().startsWith("channel.secrets[0] looks like a reference"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> secrets.resolve("channel.secrets[0]", ""));
    }
}
