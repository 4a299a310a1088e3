package com.callbasis.store;

import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.keys.KeyProvider;
import com.callbasis.store.keys.WrappedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small secret of the store itself (audit signing key, subject pseudonymisation key) kept in a
 * file under the data directory, wrapped by a KEK of the key provider: the file alone is useless,
 * and the keystore passphrase protects it like every data key.
 */
final class WrappedSecretFile {
    private static final String HEADER = "callbasis-wrapped-secret v1";

    final Map<String, String> attributes;
    final WrappedKey wrapped;

    private WrappedSecretFile(Map<String, String> attributes, WrappedKey wrapped) {
        this.attributes = attributes;
        this.wrapped = wrapped;
    }

    static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }

    static WrappedSecretFile read(Path file) throws IOException, GeneralSecurityException {
        Map<String, String> attrs = new LinkedHashMap<>();
        var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new GeneralSecurityException(file.getFileName() + " is not a wrapped secret file");
        }
        for (String l : lines.subList(1, lines.size())) {
            int sp = l.indexOf(' ');
            if (sp > 0) {
                attrs.put(l.substring(0, sp), l.substring(sp + 1));
            }
        }
        try {
            WrappedKey k = new WrappedKey(attrs.remove("kek"), Integer.parseInt(attrs.remove("version")),
                    Base64.getDecoder().decode(attrs.remove("wrapped")));
            return new WrappedSecretFile(attrs, k);
        } catch (RuntimeException e) {
            throw new GeneralSecurityException(file.getFileName() + " is damaged", e);
        }
    }

    static void write(Path file, Map<String, String> attributes, WrappedKey k) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        attributes.forEach((a, v) -> sb.append(a).append(' ').append(v).append('\n'));
        sb.append("kek ").append(k.kekName()).append('\n')
                .append("version ").append(k.kekVersion()).append('\n')
                .append("wrapped ").append(Base64.getEncoder().encodeToString(k.wrapped())).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, sb.toString());
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Loads the secret, or creates {@code length} random bytes wrapped under {@code kekName}. */
    static SecretBytes loadOrCreate(Path file, KeyProvider keys, String kekName, int length)
            throws IOException, GeneralSecurityException {
        if (exists(file)) {
            return keys.unwrap(read(file).wrapped);
        }
        SecretBytes s = SecretBytes.random(length);
        write(file, Map.of(), keys.wrap(kekName, s));
        return s;
    }

    /** Re-wraps the file's secret under its KEK's current version (after rotation). */
    static void rewrap(Path file, KeyProvider keys) throws IOException, GeneralSecurityException {
        if (exists(file)) {
            WrappedSecretFile f = read(file);
            write(file, f.attributes, keys.rewrap(f.wrapped));
        }
    }
}
