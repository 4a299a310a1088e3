package com.callbasis.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the gateway knows about a call when it asks for a decision. Immutable; built with
 * {@link #builder()} or read with {@link #fromJson(String)}. Each party's jurisdiction is derived once,
 * when the facts are built, so that deciding stays cheap.
 *
 * <p>{@link #toString()} never prints the parties: they are personal data (STYLE #11).
 */
public final class CallFacts {
    /** Keys accepted by {@link #fromJson(String)}. */
    public static final Set<String> JSON_KEYS = Set.of("callId", "tenant", "direction", "caller", "callee", "queue",
            "purpose", "agent", "headers", "time", "consentToken", "emergency");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String callId;
    private final String tenant;
    private final Direction direction;
    private final String caller;
    private final String callee;
    private final String queue;
    private final String purpose;
    private final String agent;
    private final Map<String, String> headers;
    private final Instant time;
    private final String consentToken;
    private final boolean emergency;
    // derived
    private final String callerE164;
    private final String calleeE164;
    private final String callerJurisdiction;
    private final String calleeJurisdiction;
    private final String subjectIdentity;

    private CallFacts(Builder b) {
        this.callId = b.callId;
        this.tenant = Objects.requireNonNull(b.tenant, "tenant is required");
        this.direction = Objects.requireNonNull(b.direction, "direction is required");
        this.time = Objects.requireNonNull(b.time, "time is required");
        this.caller = b.caller;
        this.callee = b.callee;
        this.queue = b.queue;
        this.purpose = b.purpose;
        this.agent = b.agent;
        this.headers = Map.copyOf(b.headers);
        this.consentToken = b.consentToken;
        this.emergency = b.emergency;
        this.callerE164 = Jurisdictions.e164(caller);
        this.calleeE164 = Jurisdictions.e164(callee);
        this.callerJurisdiction = Jurisdictions.of(callerE164);
        this.calleeJurisdiction = Jurisdictions.of(calleeE164);
        String party = direction == Direction.INBOUND ? caller : callee;
        String e164 = direction == Direction.INBOUND ? callerE164 : calleeE164;
        this.subjectIdentity = e164 != null ? e164 : SubjectIdentity.of(party);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these facts, to change one of them. */
    public Builder toBuilder() {
        Builder b = new Builder().callId(callId).tenant(tenant).direction(direction).caller(caller).callee(callee)
                .queue(queue).purpose(purpose).agent(agent).time(time).consentToken(consentToken).emergency(emergency);
        b.headers.putAll(headers);
        return b;
    }

    /**
     * Reads the JSON form: {@code tenant}, {@code direction} ({@code inbound}|{@code outbound}) and
     * {@code time} (ISO-8601 instant) are required; {@code callId}, {@code caller}, {@code callee} (E.164
     * or SIP/tel URI), {@code queue}, {@code purpose}, {@code agent}, {@code headers} (object of SIP header
     * name to value), {@code consentToken} and {@code emergency} (boolean) are optional.
     *
     * @throws IllegalArgumentException with a one-line message naming the offending key
     */
    public static CallFacts fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("facts are not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("facts must be a JSON object");
        }
        Builder b = builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (!JSON_KEYS.contains(k)) {
                throw new IllegalArgumentException("facts: unknown key '" + k + "' (expected one of "
                        + String.join(", ", JSON_KEYS.stream().sorted().toList()) + ")");
            }
            if (v.isNull()) {
                continue;
            }
            switch (k) {
                case "headers" -> {
                    if (!v.isObject()) {
                        throw new IllegalArgumentException("facts: headers must be an object of header name to value");
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> h = v.fields(); h.hasNext(); ) {
                        Map.Entry<String, JsonNode> he = h.next();
                        if (!he.getValue().isTextual()) {
                            throw new IllegalArgumentException("facts: header '" + he.getKey() + "' must be a string");
                        }
                        b.header(he.getKey(), he.getValue().asText());
                    }
                }
                case "emergency" -> {
                    if (!v.isBoolean()) {
                        throw new IllegalArgumentException("facts: emergency must be true or false");
                    }
                    b.emergency(v.asBoolean());
                }
                default -> {
                    if (!v.isTextual()) {
                        throw new IllegalArgumentException("facts: " + k + " must be a string");
                    }
                    String s = v.asText();
                    switch (k) {
                        case "callId" -> b.callId(s);
                        case "tenant" -> b.tenant(s);
                        case "direction" -> {
                            Direction d = Direction.fromCode(s);
                            if (d == null) {
                                throw new IllegalArgumentException("facts: direction must be inbound or outbound, got '" + s + "'");
                            }
                            b.direction(d);
                        }
                        case "caller" -> b.caller(s);
                        case "callee" -> b.callee(s);
                        case "queue" -> b.queue(s);
                        case "purpose" -> b.purpose(s);
                        case "agent" -> b.agent(s);
                        case "consentToken" -> b.consentToken(s);
                        case "time" -> {
                            try {
                                b.time(Instant.parse(s));
                            } catch (DateTimeParseException ex) {
                                throw new IllegalArgumentException("facts: time must be an ISO-8601 instant such as 2026-01-31T09:30:00Z, got '" + s + "'");
                            }
                        }
                        default -> throw new AssertionError(k);
                    }
                }
            }
        }
        for (String required : new String[] {"tenant", "direction", "time"}) {
            if (!root.hasNonNull(required)) {
                throw new IllegalArgumentException("facts: " + required + " is required");
            }
        }
        return b.build();
    }

    /** The SIP Call-ID or gateway call id, used to track the call for re-decisions; may be null. */
    public String callId() {
        return callId;
    }

    public String tenant() {
        return tenant;
    }

    public Direction direction() {
        return direction;
    }

    public String caller() {
        return caller;
    }

    public String callee() {
        return callee;
    }

    public String queue() {
        return queue;
    }

    public String purpose() {
        return purpose;
    }

    public String agent() {
        return agent;
    }

    /** SIP headers by lower-case name (header names are case-insensitive, RFC 3261 s.7.3.1). */
    public Map<String, String> headers() {
        return headers;
    }

    /** Lower-cased lookup, so {@code header("X-Consent")} finds {@code x-consent}. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public Instant time() {
        return time;
    }

    public String consentToken() {
        return consentToken;
    }

    public boolean emergency() {
        return emergency;
    }

    /** The caller as E.164, or null when it is not a number. */
    public String callerE164() {
        return callerE164;
    }

    public String calleeE164() {
        return calleeE164;
    }

    /** {@code DE}, {@code GB}, {@code US-CA}..., or {@code ZZ} when unknown. */
    public String callerJurisdiction() {
        return callerJurisdiction;
    }

    public String calleeJurisdiction() {
        return calleeJurisdiction;
    }

    /**
     * The data subject: the customer side, i.e. the caller of an inbound call and the callee of an
     * outbound one. Consent and objections are looked up for this party.
     */
    public String subjectParty() {
        return direction == Direction.INBOUND ? caller : callee;
    }

    /**
     * The subject party's normalised identity ({@link SubjectIdentity}), or null when it has none
     * (a withheld number): then no registry entry can apply to it and nothing it consents to in the
     * call binds any other call.
     */
    public String subjectIdentity() {
        return subjectIdentity;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CallFacts f && Objects.equals(callId, f.callId) && tenant.equals(f.tenant)
                && direction == f.direction && Objects.equals(caller, f.caller) && Objects.equals(callee, f.callee)
                && Objects.equals(queue, f.queue) && Objects.equals(purpose, f.purpose) && Objects.equals(agent, f.agent)
                && headers.equals(f.headers) && time.equals(f.time) && Objects.equals(consentToken, f.consentToken)
                && emergency == f.emergency;
    }

    @Override
    public int hashCode() {
        return Objects.hash(callId, tenant, direction, caller, callee, queue, purpose, time);
    }

    /** Parties appear as jurisdictions only. */
    @Override
    public String toString() {
        return "CallFacts[tenant=" + tenant + ", direction=" + direction.code() + ", queue=" + queue + ", purpose=" + purpose
                + ", caller=" + callerJurisdiction + ", callee=" + calleeJurisdiction + ", time=" + time
                + ", emergency=" + emergency + "]";
    }

    /** Mutable builder; {@code tenant}, {@code direction} and {@code time} are required. */
    public static final class Builder {
        private String callId;
        private String tenant;
        private Direction direction;
        private String caller;
        private String callee;
        private String queue;
        private String purpose;
        private String agent;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Instant time;
        private String consentToken;
        private boolean emergency;

        private Builder() {
        }

        public Builder callId(String v) {
            callId = v;
            return this;
        }

        public Builder tenant(String v) {
            tenant = v;
            return this;
        }

        public Builder direction(Direction v) {
            direction = v;
            return this;
        }

        public Builder caller(String v) {
            caller = v;
            return this;
        }

        public Builder callee(String v) {
            callee = v;
            return this;
        }

        public Builder queue(String v) {
            queue = v;
            return this;
        }

        public Builder purpose(String v) {
            purpose = v;
            return this;
        }

        public Builder agent(String v) {
            agent = v;
            return this;
        }

        /** Adds a SIP header; the name is stored lower-case. */
        public Builder header(String name, String value) {
            headers.put(name.toLowerCase(Locale.ROOT), Objects.requireNonNull(value));
            return this;
        }

        public Builder time(Instant v) {
            time = v;
            return this;
        }

        public Builder consentToken(String v) {
            consentToken = v;
            return this;
        }

        public Builder emergency(boolean v) {
            emergency = v;
            return this;
        }

        /** @throws NullPointerException when tenant, direction or time is missing */
        public CallFacts build() {
            return new CallFacts(this);
        }
    }
}
