package io.geoalert.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TempDirsTest {

    @Test
    void deletesADirectoryWithEverythingInIt() throws Exception {
        Path dir = TempDirs.create("geoalert-temp-dirs-test");
        Path nested = Files.createDirectories(dir.resolve("streams/0_1/rocksdb"));
        Files.writeString(nested.resolve("000001.sst"), "state");
        Files.writeString(dir.resolve("meta.properties"), "id");
        assertTrue(Files.isDirectory(dir));

        TempDirs.deleteQuietly(dir);

        assertFalse(Files.exists(dir));
    }

    @Test
    void aDirectoryAlreadyGoneIsNoError() throws Exception {
        Path dir = TempDirs.create("geoalert-temp-dirs-test");
        Files.delete(dir);

        TempDirs.deleteQuietly(dir);

        assertFalse(Files.exists(dir));
    }
}
