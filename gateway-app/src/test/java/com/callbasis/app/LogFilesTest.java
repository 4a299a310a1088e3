package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.LoggingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 11: the log was written 0644, so anyone on the host could read it. */
class LogFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void theLogIsA0600FileInA0700Folder() throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path log = dir.resolve("logs/gateway/gateway.log");
        LogFiles.prepare(log, new LoggingConfig("info", Optional.of(log), LoggingConfig.DEFAULT_FILE_MODE));
        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(mode(log.getParent())).isEqualTo("rwx------");
        assertThat(mode(log.getParent().getParent())).isEqualTo("rwx------");
        assertThat(mode(dir)).as("an existing folder is left as it is").isEqualTo("rwxr-xr-x");
    }

    @Test
    void aConfiguredModeIsAppliedToTheFileAndItsNewFolders() throws Exception {
        Path log = dir.resolve("logs/gateway.log");
        LoggingConfig logging = new LoggingConfig("info", Optional.of(log), PosixFilePermissions.fromString("rw-r-----"));
        LogFiles.prepare(log, logging);
        assertThat(mode(log)).isEqualTo("rw-r-----");
        assertThat(mode(log.getParent())).isEqualTo("rwxr-x---");
    }

    @Test
    void anExistingWorldReadableLogIsRestricted() throws Exception {
        Path log = Files.writeString(dir.resolve("gateway.log"), "earlier lines\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));
        LogFiles.prepare(log, new LoggingConfig("info", Optional.of(log), LoggingConfig.DEFAULT_FILE_MODE));
        assertThat(mode(log)).isEqualTo("rw-------");
        assertThat(Files.readString(log)).isEqualTo("earlier lines\n");
    }
}
