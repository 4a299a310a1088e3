package com.callbasis.store;

import com.callbasis.store.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Random;

/** Decisions, audio and a movable clock for store tests. */
public final class StoreFixtures {
    public static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");
    public static final String DIGEST = "3f".repeat(32);

    private StoreFixtures() {}

    /** Canonical decision JSON (sorted keys) as the lawful-basis module writes it. */
    public static String decision(String id, String tenant, String basis, String outcome, Instant expires) {
        String retention = expires == null ? "null"
                : "{\"class\":\"standard\",\"expiresAt\":\"" + expires + "\",\"period\":\"P30D\"}";
        return "{\"basis\":" + (basis == null ? "null" : "\"" + basis + "\"") + ",\"decisionId\":\"" + id + "\","
                + "\"explanation\":\"test\",\"obligations\":[],\"outcome\":\"" + outcome + "\",\"policyDigest\":\""
                + DIGEST + "\",\"purpose\":\"quality\",\"retention\":" + retention + ",\"rights\":[\"access\"],"
                + "\"rule\":\"r1\",\"tenant\":\"" + tenant + "\",\"time\":\"" + T0 + "\"}";
    }

    /**
     * A decision whose retention class declares a minimum, as the lawful-basis module writes it: the
     * {@code retention} object also carries {@code minimum} and {@code minimumUntil}.
     */
    public static String decisionWithMinimum(String id, String tenant, String basis, Instant minimumUntil, Instant expires) {
        String plain = decision(id, tenant, basis, "RECORD", expires);
        String retention = "{\"class\":\"standard\",\"expiresAt\":\"" + expires + "\",\"period\":\"P30D\"}";
        return plain.replace(retention, "{\"class\":\"mifid\",\"expiresAt\":\"" + expires + "\",\"minimum\":\"P5Y\","
                + "\"minimumUntil\":\"" + minimumUntil + "\",\"period\":\"P7Y\"}");
    }

    public static String consent(String id, String tenant, Instant expires) {
        return decision(id, tenant, "consent", "RECORD_AFTER_CONSENT", expires);
    }

    /** A WAV-like byte array: RIFF header and pseudo-random G.711 payload. */
    public static byte[] audio(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        byte[] riff = "RIFF....WAVEfmt ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(riff, 0, b, 0, Math.min(riff.length, size));
        return b;
    }

    public static SecretBytes passphrase() {
        return SecretBytes.copyOf("correct horse battery staple".getBytes(StandardCharsets.UTF_8));
    }

    public static RecordingStore open(Path dataDir, Clock clock) throws Exception {
        try (SecretBytes p = passphrase()) {
            return RecordingStore.openEmbedded(dataDir, p, clock);
        }
    }

    /** A clock the test moves. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant now) {
            this.now = now;
        }

        public void set(Instant t) {
            now = t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
