package com.callbasis.store.audit;

import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, each ending in
 * a newline. It is signed as a C2SP signed note (see {@link NoteSigner}).
 */
public record Checkpoint(String origin, long size, byte[] root) {
    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("bad checkpoint origin");
        }
        root = root.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Parses a checkpoint body (extension lines after the root are allowed and ignored). */
    public static Checkpoint parse(String body) throws GeneralSecurityException {
        String[] lines = body.split("\n", -1);
        if (lines.length < 4 || !body.endsWith("\n")) {
            throw new GeneralSecurityException("malformed checkpoint");
        }
        try {
            long size = Long.parseLong(lines[1]);
            if (size < 0 || !lines[1].equals(Long.toString(size))) {
                throw new GeneralSecurityException("malformed checkpoint size");
            }
            byte[] root = Base64.getDecoder().decode(lines[2]);
            if (root.length != Merkle.HASH_SIZE) {
                throw new GeneralSecurityException("checkpoint root is not 32 bytes");
            }
            return new Checkpoint(lines[0], size, root);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.origin.equals(origin) && c.size == size && Merkle.equal(c.root, root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }

    @Override
    public String toString() {
        return body().replace('\n', ' ').strip();
    }
}
