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

    public CallFactsReader(RecordingConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public CallFacts read(String callRef, Route route, SipRequest invite) {
        RecordingConfig.Headers h = config.headers();
        CallFacts.Builder b = CallFacts.builder().callId(callRef).time(clock.instant());
        String tenant = h.tenant().flatMap(name -> value(invite, name)).orElse(route.tenant());
        b.tenant(tenant);
        String dir = value(invite, h.direction()).map(v -> v.toLowerCase(Locale.ROOT)).orElse(config.direction());
        b.direction(dir.equals("outbound") ? Direction.OUTBOUND : Direction.INBOUND);
        user(invite.from().uri()).ifPresent(b::caller);
        user(invite.requestUri()).or(() -> user(invite.to().uri())).ifPresent(b::callee);
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
