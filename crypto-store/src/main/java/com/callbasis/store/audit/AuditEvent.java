package com.callbasis.store.audit;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An event to append. Fields hold pseudonymous ids and facts (recording id, decision id, byte counts,
 * reasons); subjects go in as salted commitments, never in clear. Values that look like a phone
 * number or a SIP/tel URI are refused outright, as a guard against a caller passing the wrong thing.
 */
public final class AuditEvent {
    /** E.164-style "+..." or a bare run of 7-15 digits; ids, dates and UUIDs do not match. */
    private static final Pattern PHONE = Pattern.compile("\\+[0-9][0-9 ()./-]{6,}|[0-9]{7,15}");
    private static final Pattern URI = Pattern.compile("(?i).*\\b(sips?|tel):.*");

    private final AuditEventType type;
    private final String tenant;
    private final Map<String, Object> fields = new TreeMap<>();
    private final Map<String, String> commitments = new TreeMap<>();

    private AuditEvent(AuditEventType type, String tenant) {
        this.type = type;
        this.tenant = tenant == null ? "" : tenant;
    }

    /** An event of a tenant; {@code tenant} null or empty for system events (policy loaded, key rotated). */
    public static AuditEvent of(AuditEventType type, String tenant) {
        return new AuditEvent(type, tenant);
    }

    public AuditEvent with(String name, String value) {
        if (value != null) {
            if (PHONE.matcher(value).matches() || URI.matcher(value).matches()) {
                throw new IllegalArgumentException("audit field " + name + " looks like a phone number or URI; "
                        + "personal data never goes into the audit log");
            }
            fields.put(name, value);
        }
        return this;
    }

    public AuditEvent with(String name, long value) {
        fields.put(name, value);
        return this;
    }

    /**
     * Adds a salted commitment {@code SHA-256(salt || subjectKey)} under {@code name}. The salt is kept
     * outside the log and forgotten on erasure, which makes the commitment unlinkable.
     */
    public AuditEvent commit(String name, String subjectKey) {
        commitments.put(name, subjectKey);
        return this;
    }

    public AuditEventType type() {
        return type;
    }

    public String tenant() {
        return tenant;
    }

    Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    Map<String, String> commitmentInputs() {
        return Collections.unmodifiableMap(commitments);
    }

    /** Type and tenant only: field values stay out of logs. */
    @Override
    public String toString() {
        return "AuditEvent[" + type.wireName() + ", " + tenant + "]";
    }
}
