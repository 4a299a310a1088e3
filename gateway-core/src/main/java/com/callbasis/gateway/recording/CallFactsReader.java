package com.callbasis.gateway.recording;

import com.callbasis.config.RecordingConfig;
import com.callbasis.config.Route;
import com.callbasis.gateway.b2bua.Router;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.policy.CallFacts;
import com.callbasis.policy.Direction;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the policy engine's call facts from an initial INVITE: tenant from the route (or the
 * configured tenant header), caller from the From URI's user part, callee from the Request-URI's,
 * and direction, queue, purpose, agent, consent token and emergency flag from the configured headers.
 * The facts stay in memory: the engine pseudonymises the parties before anything is stored or logged.
 */
public final class CallFactsReader {
    private final RecordingConfig config;
    private final Clock clock;
    private final java.util.Set<String> factHeaders;

    public CallFactsReader(RecordingConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.factHeaders = factHeaders(config.headers()); // once: asked for on every untrusted INVITE
    }

    /** Facts from a trusted peer: every configured header counts. */
    public CallFacts read(String callRef, Route route, SipRequest invite) {
        return read(callRef, route, invite, true);
    }

    /**
     * The header names that carry call facts (tenant, direction, queue, purpose, agent, consent token,
     * emergency), as {@link com.callbasis.gateway.sip.message.HeaderNames#key} keys: what is stripped
     * from an untrusted peer's INVITE.
     */
    public java.util.Set<String> factHeaders() {
        return factHeaders;
    }

    private static java.util.Set<String> factHeaders(RecordingConfig.Headers h) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        h.tenant().ifPresent(t -> out.add(t.toLowerCase(Locale.ROOT)));
        for (String n : new String[] {h.direction(), h.queue(), h.purpose(), h.agent(), h.consentToken(), h.emergency()}) {
            out.add(n.toLowerCase(Locale.ROOT));
        }
        return java.util.Collections.unmodifiableSet(out);
    }

    /**
     * The call facts of an INVITE. From an untrusted peer ({@code trusted} false: not in the route's
     * {@code trust}) only what SIP itself says counts (parties, route tenant, configured direction):
     * no fact header, no {@code Priority: emergency} and no {@code X-} header a policy might match on,
     * so that a caller cannot unlock vital interests, claim consent or pick a tenant.
     */
    public CallFacts read(String callRef, Route route, SipRequest invite, boolean trusted) {
        RecordingConfig.Headers h = config.headers();
        CallFacts.Builder b = CallFacts.builder().callId(callRef).time(clock.instant());
        user(invite.from().uri()).ifPresent(b::caller);
        user(invite.requestUri()).or(() -> user(invite.to().uri())).ifPresent(b::callee);
        if (!trusted) {
            b.tenant(route.tenant());
            b.direction(config.direction().equals("outbound") ? Direction.OUTBOUND : Direction.INBOUND);
            return b.build();
        }
        String tenant = h.tenant().flatMap(name -> value(invite, name)).orElse(route.tenant());
        b.tenant(tenant);
        String dir = value(invite, h.direction()).map(v -> v.toLowerCase(Locale.ROOT)).orElse(config.direction());
        b.direction(dir.equals("outbound") ? Direction.OUTBOUND : Direction.INBOUND);
        value(invite, h.queue()).ifPresent(b::queue);
        value(invite, h.purpose()).ifPresent(b::purpose);
        value(invite, h.agent()).ifPresent(b::agent);
        value(invite, h.consentToken()).ifPresent(b::consentToken);
        b.emergency(isEmergency(invite, h.emergency()));
        // Policies may match on headers (e.g. an opt-out flag set by the IVR); the engine keeps them in memory only.
        for (var header : invite.headers()) {
            String n = header.name();
            if (n.length() > 2 && (n.charAt(0) == 'X' || n.charAt(0) == 'x') && n.charAt(1) == '-'
                    && !n.equalsIgnoreCase("X-Recording")) {
                b.header(n, header.value());
            }
        }
        return b.build();
    }

    /** The configured emergency header saying yes, or RFC 3261 s.20.26 {@code Priority: emergency}. */
    private static boolean isEmergency(SipRequest invite, String header) {
        boolean flagged = value(invite, header).map(v -> v.equalsIgnoreCase("true") || v.equals("1") || v.equalsIgnoreCase("yes"))
                .orElse(false);
        return flagged || value(invite, "Priority").map(v -> v.equalsIgnoreCase("emergency")).orElse(false);
    }

    private static Optional<String> value(SipRequest req, String header) {
        return req.header(header).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** The user part of a sip:/sips:/tel: URI ({@link Router#user}), without its parameters (user=phone). */
    static Optional<String> user(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        return Router.user(uri).map(u -> {
            int semi = u.indexOf(';'); // RFC 3261 s.19.1.6: telephone-subscriber parameters inside the user part
            return semi < 0 ? u : u.substring(0, semi);
        }).filter(u -> !u.isEmpty());
    }
}
