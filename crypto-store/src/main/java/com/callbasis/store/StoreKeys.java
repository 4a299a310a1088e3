package com.callbasis.store;

import com.callbasis.store.audit.NoteSigner;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.keys.KeyProvider;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Naming of KEKs, associated data, subject pseudonyms and the store's own wrapped secrets. */
final class StoreKeys {
    static final String AUDIT_KEY_FILE = "audit-signing.key";
    static final String AUDIT_PUB_FILE = "audit-log.pub";
    static final String PEPPER_FILE = "subject-pseudonym.key";
    static final String KEK_AUDIT = "system.audit-signing";
    static final String KEK_PEPPER = "system.subject-pseudonym";

    private StoreKeys() {}

    /** One KEK per data subject of a tenant: destroying it shreds all that subject's recordings. */
    static String subjectKek(String tenant, String subjectKey) {
        return "subject." + hash(tenant + "\u0000" + subjectKey).substring(0, 40);
    }

    /** Tenant KEK: for recordings under a legal obligation, which an erasure request may not touch. */
    static String tenantKek(String tenant) {
        return "tenant." + hash(tenant).substring(0, 40);
    }

    static String tenantSegment(String tenant) {
        return hash(tenant).substring(0, 16);
    }

    /** Associated data binding a stream to its recording, tenant, decision and policy. */
    static byte[] associatedData(String recordingId, String tenant, String decisionId, String policyDigest) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            out.writeUTF("callbasis.recording/v1");
            out.writeUTF(recordingId);
            out.writeUTF(tenant);
            out.writeUTF(decisionId);
            out.writeUTF(policyDigest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return b.toByteArray();
    }

    /** HMAC-SHA256 pseudonym of a subject identifier (e.g. a phone number) within a tenant. */
    static String pseudonym(SecretBytes pepper, String tenant, String subject) throws GeneralSecurityException {
        byte[] k = pepper.unsafeCopy();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            mac.update(tenant.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return "sk_" + HexFormat.of().formatHex(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8))).substring(0, 40);
        } finally {
            Arrays.fill(k, (byte) 0);
        }
    }

    static SecretBytes loadPepper(Path dataDir, KeyProvider keys) throws IOException, GeneralSecurityException {
        Path file = dataDir.resolve(PEPPER_FILE);
        try {
            return WrappedSecretFile.loadOrCreate(file, keys, KEK_PEPPER, 32);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw damaged(file, e);
        }
    }

    /**
     * A store secret file that cannot be used: says which file, why, and what to do, in one line. A
     * wrong keystore passphrase fails before this (the keystore does not open) and is not relabelled.
     */
    private static GeneralSecurityException damaged(Path file, Exception e) {
        if (e instanceof java.security.UnrecoverableKeyException u) {
            return u;
        }
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new IntegrityException(file + " is damaged or does not match this keystore (" + why
                + "); restore it from a backup of the data directory (the store cannot run without it)", e);
    }

    /**
     * Loads the audit log's Ed25519 signing key, or creates it on first run together with the public
     * verifier key file {@value #AUDIT_PUB_FILE}. The key name (the log's origin) is random per store.
     */
    static NoteSigner loadAuditSigner(Path dataDir, KeyProvider keys) throws IOException, GeneralSecurityException {
        Path file = dataDir.resolve(AUDIT_KEY_FILE);
        if (WrappedSecretFile.exists(file)) {
            NoteSigner signer;
            try {
                WrappedSecretFile f = WrappedSecretFile.read(file);
                try (SecretBytes seed = keys.unwrap(f.wrapped)) {
                    byte[] s = seed.unsafeCopy();
                    try {
                        signer = NoteSigner.fromSeed(f.attributes.get("name"), s,
                                Base64.getDecoder().decode(f.attributes.get("public")));
                    } finally {
                        Arrays.fill(s, (byte) 0);
                    }
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                throw damaged(file, e);
            }
            writePub(dataDir, signer);
            return signer;
        }
        byte[] id = new byte[4];
        new SecureRandom().nextBytes(id);
        NoteSigner signer = NoteSigner.generate("callbasis.local/audit/" + HexFormat.of().formatHex(id));
        byte[] seed = signer.insecureExportSeed();
        try (SecretBytes s = SecretBytes.copyOf(seed)) {
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("name", signer.name());
            attrs.put("public", Base64.getEncoder().encodeToString(signer.rawPublicKey()));
            WrappedSecretFile.write(file, attrs, keys.wrap(KEK_AUDIT, s));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
        writePub(dataDir, signer);
        return signer;
    }

    private static void writePub(Path dataDir, NoteSigner signer) throws IOException {
        Path pub = dataDir.resolve(AUDIT_PUB_FILE);
        String text = signer.verifierKey() + "\n";
        if (!Files.isRegularFile(pub) || !Files.readString(pub).equals(text)) {
            Files.writeString(pub, text);
        }
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
