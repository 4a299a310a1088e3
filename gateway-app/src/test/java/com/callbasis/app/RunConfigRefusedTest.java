package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run} with a configuration it cannot use: one line that says what is wrong, exit 2. */
class RunConfigRefusedTest extends ConsoleCapture {
    @TempDir
    Path dir;

    /** Issue 12, item 12: "/etc:0: cannot read file: IOException", below a header line. */
    @Test
    void aDirectoryGivenAsConfigSaysSoInOneLine() {
        assertThat(Main.execute("run", "--config", dir.toString())).isEqualTo(Main.USAGE);
        assertThat(errLines()).containsExactly("gateway: configuration refused: " + dir
                + ": is a directory, not a configuration file (give the YAML file, e.g. gateway.yaml)");
    }
}
