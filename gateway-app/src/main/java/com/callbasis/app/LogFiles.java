package com.callbasis.app;

import com.callbasis.config.LoggingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the log file before logback opens it, so that it gets {@code logging.fileMode} (0600 unless
 * configured otherwise) instead of whatever the umask leaves (0644: the log was world-readable, issue 12,
 * item 11). Missing folders are created with {@link LoggingConfig#folderMode()} (0700). An existing log
 * file is set to the configured mode too; existing folders are left as they are. On a file system
 * without POSIX permissions only the folders and the file are created.
 */
final class LogFiles {
    private LogFiles() {
    }

    static void prepare(Path file, LoggingConfig logging) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        List<Path> missing = new ArrayList<>();
        for (Path p = folder; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        boolean posix = Files.getFileStore(missing.isEmpty() ? folder : missing.get(0).getParent())
                .supportsFileAttributeView(PosixFileAttributeView.class);
        for (Path p : missing) {
            if (posix) {
                Files.createDirectory(p, PosixFilePermissions.asFileAttribute(logging.folderMode()));
                Files.setPosixFilePermissions(p, logging.folderMode());
            } else {
                Files.createDirectory(p);
            }
        }
        if (!posix) {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
            return;
        }
        // Created with the mode (never wider, though the umask may narrow it), then set to it exactly.
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(logging.fileMode()));
        }
        Files.setPosixFilePermissions(file, logging.fileMode());
    }
}
