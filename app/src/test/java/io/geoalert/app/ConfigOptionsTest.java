package io.geoalert.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.geoalert.model.NewsLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigOptionsTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreDefaults() {
        NewsLimits.install(NewsLimits.DEFAULTS);
    }

    private ConfigOptions config(String yaml) throws Exception {
        ConfigOptions options = new ConfigOptions();
        options.file = Files.writeString(dir.resolve("geoalert.yaml"), yaml);
        return options;
    }

    @Test
    void limitsFromTheConfigFileAreInForceAndTheRestKeepTheirDefaults() throws Exception {
        NewsLimits limits =
                config("limits:\n  maxBodyChars: 200000\n  maxTags: 10\n").installLimits();
        assertEquals(200_000, limits.maxBodyChars());
        assertEquals(10, limits.maxTags());
        assertEquals(NewsLimits.DEFAULTS.maxTitleChars(), limits.maxTitleChars());
        assertEquals(limits, NewsLimits.inForce());
    }

    @Test
    void aBadLimitNamesItsKey() throws Exception {
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class,
                () -> config("limits:\n  maxBody: 5\n").installLimits());
        assertTrue(unknown.getMessage().startsWith("limits.maxBody "), unknown.getMessage());
        IllegalArgumentException notANumber = assertThrows(
                IllegalArgumentException.class,
                () -> config("limits:\n  maxTags: lots\n").installLimits());
        assertTrue(
                notANumber.getMessage().startsWith("limits.maxTags must be a whole number"), notANumber.getMessage());
        assertEquals(NewsLimits.DEFAULTS, NewsLimits.inForce());
    }
}
