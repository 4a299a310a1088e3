package com.callbasis.config;

import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * @param level root log level (error, warn, info, debug, trace)
 * @param file where to write the log; empty means standard error
 * @param fileMode permissions of the log file ({@code logging.fileMode}, default 0600): the log names
 *     calls, routes and peers, which is no one's business but the gateway's operator
 */
public record LoggingConfig(String level, Optional<Path> file, Set<PosixFilePermission> fileMode) {
    /** 0600: owner read and write only. */
    public static final Set<PosixFilePermission> DEFAULT_FILE_MODE = PosixFilePermissions.fromString("rw-------");

    public LoggingConfig {
        fileMode = Set.copyOf(fileMode);
    }

    /**
     * Permissions of the folders the gateway creates for the log: the file mode with search ({@code x})
     * added wherever it grants read, so 0600 gives 0700 and 0640 gives 0750.
     */
    public Set<PosixFilePermission> folderMode() {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        out.addAll(fileMode);
        if (fileMode.contains(PosixFilePermission.OWNER_READ)) {
            out.add(PosixFilePermission.OWNER_EXECUTE);
        }
        if (fileMode.contains(PosixFilePermission.GROUP_READ)) {
            out.add(PosixFilePermission.GROUP_EXECUTE);
        }
        if (fileMode.contains(PosixFilePermission.OTHERS_READ)) {
            out.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return Set.copyOf(out);
    }
}
