package com.callbasis.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the gateway will be able to write {@code logging.file}. Logback, given a file it cannot open,
 * says so once on standard output and then drops every line (issue 12, item 10), so the loader asks
 * first: an existing file is opened for append; for a new one, a probe file is created and deleted in
 * the nearest folder that exists (the gateway creates the missing ones), so a refused configuration
 * leaves nothing behind.
 */
final class LogFileCheck {
    private LogFileCheck() {
    }

    /** What stops the gateway writing {@code file}, as a phrase; empty when nothing does. */
    static Optional<String> problem(Path file) {
        if (Files.isDirectory(file)) {
            return Optional.of(file + " is a directory (give the log file's name, e.g. logs/gateway.log)");
        }
        if (Files.exists(file)) {
            try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                return Optional.empty();
            } catch (IOException e) {
                return Optional.of("cannot write to " + file + reason(e) + " (check the file's owner and mode)");
            }
        }
        Path folder = file.toAbsolutePath().getParent();
        while (folder != null && !Files.exists(folder)) {
            folder = folder.getParent();
        }
        if (folder == null || !Files.isDirectory(folder)) {
            return Optional.of("cannot create " + file + ": " + folder + " is not a folder");
        }
        try {
            Files.delete(Files.createTempFile(folder, ".gateway-log-check", ".tmp"));
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.of("cannot create " + file + ": folder " + folder + " is not writable"
                    + (e instanceof IOException io ? reason(io) : ": unsupported file system"));
        }
    }

    /** ": permission denied" and the like; empty when the JDK gives no reason but a file name (as under /proc). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return f.getReason() == null ? "" : ": " + f.getReason();
        }
        return e.getMessage() == null ? "" : ": " + e.getMessage();
    }

    /** {@code "0640"} (or {@code "640"}) as permissions; empty when it is no octal mode without set-id bits. */
    static Optional<Set<PosixFilePermission>> mode(String octal) {
        if (!octal.matches("0?[0-7]{3}")) {
            return Optional.empty();
        }
        int bits = Integer.parseInt(octal, 8);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < order.length; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(order[i]);
            }
        }
        return Optional.of(out);
    }
}
