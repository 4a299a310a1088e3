package com.callbasis.store.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs C2SP signed notes with the log's Ed25519 key. Holds the private key; prints only its name.
 * A note is the text, a blank line, and lines {@code — name base64(keyid || signature)}.
 */
public final class NoteSigner {
    private final String name;
    private final PrivateKey key;
    private final byte[] rawPublic;
    private final byte[] keyId;

    private NoteSigner(String name, PrivateKey key, byte[] rawPublic) {
        if (!NoteVerifier.validName(name)) {
            throw new IllegalArgumentException("key name must be non-empty without '+' or whitespace");
        }
        this.name = name;
        this.key = key;
        this.rawPublic = rawPublic.clone();
        this.keyId = NoteVerifier.keyId(name, rawPublic);
    }

    public static NoteSigner generate(String name) throws GeneralSecurityException {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new NoteSigner(name, kp.getPrivate(), Ed25519Keys.rawPublic(kp.getPublic()));
    }

    /** Rebuilds a signer from its 32-byte seed and checks it against the expected public key. */
    public static NoteSigner fromSeed(String name, byte[] seed, byte[] rawPublic) throws GeneralSecurityException {
        NoteSigner s = new NoteSigner(name, Ed25519Keys.privateKey(seed), rawPublic);
        String probe = "callbasis key check\n";
        NoteVerifier.parse(s.verifierKey()).verify(s.sign(probe));
        return s;
    }

    /** The 32-byte private seed, for wrapping by a key provider; the caller must wipe it. */
    public byte[] insecureExportSeed() throws GeneralSecurityException {
        return Ed25519Keys.rawPrivate(key);
    }

    public String name() {
        return name;
    }

    public byte[] rawPublicKey() {
        return rawPublic.clone();
    }

    /** C2SP verifier-key text: {@code name+hexkeyid+base64(0x01||pubkey)}. */
    public String verifierKey() {
        byte[] data = new byte[33];
        data[0] = NoteVerifier.ALG_ED25519;
        System.arraycopy(rawPublic, 0, data, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+" + Base64.getEncoder().encodeToString(data);
    }

    /** Signs {@code text} (non-empty, ending in a newline) and returns the complete note. */
    public String sign(String text) throws GeneralSecurityException {
        if (text.isEmpty() || !text.endsWith("\n") || text.contains("\n\n")) {
            throw new IllegalArgumentException("note text must end in a newline and contain no blank line");
        }
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(text.getBytes(StandardCharsets.UTF_8));
        byte[] sig = s.sign();
        byte[] line = Arrays.copyOf(keyId, 4 + sig.length);
        System.arraycopy(sig, 0, line, 4, sig.length);
        return text + "\n" + NoteVerifier.SIG_PREFIX + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    @Override
    public String toString() {
        return "NoteSigner[" + name + "]";
    }
}
