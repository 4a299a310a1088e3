package com.callbasis.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lawful-basis decision as the store needs it, read from the lawful-basis module's canonical JSON
 * (sorted keys). The JSON text is kept byte for byte: its SHA-256 is what the audit log commits to.
 * Only decisions that allow recording, with a basis and a retention, are accepted.
 * {@code retentionMinimumUntil} is the decision's {@code retention.minimumUntil} (the retention
 * class's floor), null when the class declares none.
 */
public record Decision(String decisionId, String tenant, String basis, String outcome, String policyDigest,
        String purpose, String rule, String retentionClass, String retentionPeriod, Instant retentionExpiresAt,
        Instant retentionMinimumUntil, Instant time, String canonicalJson, String sha256) {

    static final Set<String> RECORD_OUTCOMES = Set.of("RECORD", "RECORD_AFTER_CONSENT", "RECORD_AFTER_NOTICE");
    static final Set<String> BASES = Set.of("consent", "contract", "legal_obligation", "vital_interests",
            "public_task", "legitimate_interests");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SUBJECT_KEY = Pattern.compile("sk_[0-9a-f]{40}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses a decision that must allow recording; the refusal message says exactly what is wrong. */
    public static Decision parse(String json) throws StoreException {
        Decision d = parseAny(json);
        if (!RECORD_OUTCOMES.contains(d.outcome())) {
            throw new StoreException("decision " + d.decisionId() + " has outcome " + d.outcome()
                    + ": only RECORD, RECORD_AFTER_CONSENT or RECORD_AFTER_NOTICE allow recording");
        }
        if (d.basis() == null) {
            throw new StoreException("decision " + d.decisionId() + " has no lawful basis (Art. 6(1)): no basis, no recording");
        }
        if (d.retentionExpiresAt() == null) {
            throw new StoreException("decision " + d.decisionId()
                    + " has no retention (Art. 5(1)(e)): every recording needs an expiry");
        }
        return d;
    }

    /**
     * Parses any well-formed decision, including DO_NOT_RECORD ones (basis and retention may then be
     * null): the gateway logs every decision, recorded or not.
     */
    public static Decision parseAny(String json) throws StoreException {
        String text = json.strip();
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            throw new StoreException("decision is not valid JSON");
        }
        if (n == null || !n.isObject()) {
            throw new StoreException("decision is not a JSON object");
        }
        String id = text(n, "decisionId");
        if (id == null || !ID.matcher(id).matches()) {
            throw new StoreException("decision has no valid decisionId");
        }
        String outcome = text(n, "outcome");
        if (outcome == null || !(RECORD_OUTCOMES.contains(outcome) || outcome.equals("DO_NOT_RECORD"))) {
            throw new StoreException("decision " + id + " has no known outcome");
        }
        String basis = text(n, "basis");
        if (basis != null && !BASES.contains(basis)) {
            throw new StoreException("decision " + id + " names an unknown lawful basis");
        }
        JsonNode retention = n.get("retention");
        if (retention != null && !retention.isNull() && (!retention.isObject() || text(retention, "expiresAt") == null)) {
            throw new StoreException("decision " + id + " has a retention without expiresAt");
        }
        boolean hasRetention = retention != null && retention.isObject();
        String tenant = text(n, "tenant");
        if (tenant == null || tenant.isEmpty()) {
            throw new StoreException("decision " + id + " names no tenant");
        }
        String digest = text(n, "policyDigest");
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new StoreException("decision " + id + " has no policyDigest of 64 lower-case hex digits");
        }
        if (hasRetention && retention.has("minimumUntil") && text(retention, "minimumUntil") == null) {
            throw new StoreException("decision " + id + " has a retention.minimumUntil that is not an ISO-8601 instant");
        }
        Instant expires;
        Instant minimumUntil;
        Instant time;
        try {
            expires = hasRetention ? Instant.parse(text(retention, "expiresAt")) : null;
            minimumUntil = hasRetention && text(retention, "minimumUntil") != null
                    ? Instant.parse(text(retention, "minimumUntil")) : null;
            time = text(n, "time") == null ? null : Instant.parse(text(n, "time"));
        } catch (DateTimeParseException e) {
            throw new StoreException("decision " + id + " has a time that is not an ISO-8601 instant");
        }
        if (minimumUntil != null && minimumUntil.isAfter(expires)) {
            throw new StoreException("decision " + id + " has a retention minimum (" + minimumUntil
                    + ") after its expiry (" + expires + "): a recording cannot be kept at least longer than it is kept");
        }
        return new Decision(id, tenant, basis, outcome, digest, text(n, "purpose"), text(n, "rule"),
                hasRetention ? text(retention, "class") : null, hasRetention ? text(retention, "period") : null,
                expires, minimumUntil, time, text, sha256Hex(text));
    }

    /**
     * The subject key the decision names ({@code "subject":"sk_..."} at its top level), or null when
     * it names none or names it already as a commitment.
     */
    public String subjectKey() {
        JsonNode v = tree().get("subject");
        return v != null && v.isTextual() && SUBJECT_KEY.matcher(v.asText()).matches() ? v.asText() : null;
    }

    /**
     * This decision with its subject key replaced by {@code commitment} ({@code sc_} and hex): the
     * form the store keeps, which an erasure unlinks by forgetting the salt. Everything else, byte for
     * byte, and the decision id (computed without the subject) stay as they were.
     */
    Decision withSubjectCommitment(String commitment) throws StoreException {
        String key = subjectKey();
        if (key == null) {
            return this;
        }
        String field = "\"subject\":\"" + key + "\"";
        int at = canonicalJson.indexOf(field);
        if (at < 0 || canonicalJson.indexOf(field, at + 1) >= 0) {
            throw new StoreException("decision " + decisionId + " names its subject more than once");
        }
        String committed = canonicalJson.substring(0, at) + "\"subject\":\"sc_" + commitment + "\""
                + canonicalJson.substring(at + field.length());
        Decision d = parseAny(committed);
        if (d.subjectKey() != null || !d.decisionId().equals(decisionId)) {
            throw new StoreException("decision " + decisionId + " could not take a subject commitment");
        }
        return d;
    }

    private JsonNode tree() {
        try {
            return JSON.readTree(canonicalJson);
        } catch (IOException e) {
            throw new IllegalStateException("parsed once, cannot fail now", e);
        }
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }

    /** Ids and basis only; the JSON stays out of logs. */
    @Override
    public String toString() {
        return "Decision[" + decisionId + ", " + tenant + ", " + basis + ", " + outcome + "]";
    }
}
