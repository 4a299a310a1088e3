package com.callbasis.store.objects;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the store's folders owner-only (mode 0700 on POSIX systems): they hold keys, metadata and
 * recordings. Folders that exist already keep their mode, so an operator's own choice stands.
 */
public final class PrivateDirectories {
    private PrivateDirectories() {}

    /** Creates {@code dir} and its missing parents with mode 0700; returns {@code dir}. */
    public static Path create(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        if (abs.getParent() != null) {
            create(abs.getParent());
        }
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
                Files.createDirectory(abs, ownerOnly);
            } else {
                Files.createDirectory(abs);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return dir;
    }
}
