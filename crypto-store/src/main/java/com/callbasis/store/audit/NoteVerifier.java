package com.callbasis.store.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Verifies C2SP signed notes with one Ed25519 key given in C2SP verifier-key text
 * {@code name+hexkeyid+base64(0x01||pubkey)}. Needs nothing but the key: this is what auditors run.
 */
public final class NoteVerifier {
    static final byte ALG_ED25519 = 0x01;
    static final String SIG_PREFIX = "\u2014 ";

    private final String name;
    private final byte[] keyId;
    private final PublicKey key;

    private NoteVerifier(String name, byte[] keyId, PublicKey key) {
        this.name = name;
        this.keyId = keyId;
        this.key = key;
    }

    public static NoteVerifier parse(String verifierKey) throws GeneralSecurityException {
        String text = verifierKey.strip();
        int plus = text.indexOf('+');
        // name+keyid+key: the name has no '+', the keyid is 8 hex digits, the base64 key may hold '+'
        String[] parts = plus < 0 || text.length() < plus + 10 || text.charAt(plus + 9) != '+'
                ? new String[0]
                : new String[] {text.substring(0, plus), text.substring(plus + 1, plus + 9), text.substring(plus + 10)};
        if (parts.length != 3 || !validName(parts[0])) {
            throw new GeneralSecurityException("malformed verifier key (want name+hexkeyid+base64key)");
        }
        byte[] keyData;
        byte[] id;
        try {
            keyData = Base64.getDecoder().decode(parts[2]);
            id = HexFormat.of().parseHex(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("malformed verifier key encoding", e);
        }
        if (keyData.length != 33 || keyData[0] != ALG_ED25519) {
            throw new GeneralSecurityException("verifier key is not an Ed25519 key");
        }
        byte[] raw = Arrays.copyOfRange(keyData, 1, 33);
        if (!MessageDigest.isEqual(id, keyId(parts[0], raw))) {
            throw new GeneralSecurityException("verifier key id does not match its key");
        }
        return new NoteVerifier(parts[0], id, Ed25519Keys.publicKey(raw));
    }

    public String name() {
        return name;
    }

    /**
     * Checks that the note carries a valid signature by this key and returns its text (the signed
     * body). Signatures by other keys are allowed, as C2SP notes may carry several.
     */
    public String verify(String note) throws GeneralSecurityException {
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || !note.endsWith("\n")) {
            throw new GeneralSecurityException("malformed signed note");
        }
        String body = note.substring(0, split + 1);
        String[] sigLines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        boolean sawOurs = false;
        for (String line : sigLines) {
            if (!line.startsWith(SIG_PREFIX)) {
                throw new GeneralSecurityException("malformed signature line in note");
            }
            String[] f = line.substring(SIG_PREFIX.length()).split(" ", -1);
            if (f.length != 2) {
                throw new GeneralSecurityException("malformed signature line in note");
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(f[1]);
            } catch (IllegalArgumentException e) {
                throw new GeneralSecurityException("malformed signature encoding", e);
            }
            if (!f[0].equals(name) || sig.length < 4 || !MessageDigest.isEqual(Arrays.copyOf(sig, 4), keyId)) {
                continue;
            }
            Signature v = Signature.getInstance("Ed25519");
            v.initVerify(key);
            v.update(body.getBytes(StandardCharsets.UTF_8));
            if (!v.verify(Arrays.copyOfRange(sig, 4, sig.length))) {
                throw new GeneralSecurityException("note signature by " + name + " does not verify");
            }
            sawOurs = true;
        }
        if (!sawOurs) {
            throw new GeneralSecurityException("note is not signed by " + name);
        }
        return body;
    }

    /** keyid = first 4 bytes of SHA-256(name || 0x0A || 0x01 || pubkey). */
    static byte[] keyId(String name, byte[] rawPublic) {
        MessageDigest md = Merkle.sha();
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0x0A);
        md.update(ALG_ED25519);
        md.update(rawPublic);
        return Arrays.copyOf(md.digest(), 4);
    }

    static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
