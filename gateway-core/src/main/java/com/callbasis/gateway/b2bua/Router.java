package com.callbasis.gateway.b2bua;

import com.callbasis.config.Route;
import com.callbasis.gateway.sip.message.SipUri;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ordered routing table: the first route whose Request-URI user prefix and host match wins.
 * tel: URIs match on their number.
 */
public final class Router {
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    public Optional<Route> route(String requestUri) {
        String user = "";
        String host = "";
        try {
            SipUri u = SipUri.parse(requestUri);
            user = u.user().orElse("");
            host = u.hostAddress();
        } catch (IllegalArgumentException e) {
            if (requestUri.regionMatches(true, 0, "tel:", 0, 4)) {
                int semi = requestUri.indexOf(';');
                user = requestUri.substring(4, semi < 0 ? requestUri.length() : semi);
            }
        }
        for (Route r : routes) {
            if (!user.startsWith(r.userPrefix())) {
                continue;
            }
            if (r.host().isPresent() && !r.host().get().toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
                continue;
            }
            return Optional.of(r);
        }
        return Optional.empty();
    }

    /** The user part to put in the outbound Request-URI. */
    public static Optional<String> user(String requestUri) {
        try {
            return SipUri.parse(requestUri).user();
        } catch (IllegalArgumentException e) {
            if (requestUri.regionMatches(true, 0, "tel:", 0, 4)) {
                int semi = requestUri.indexOf(';');
                return Optional.of(requestUri.substring(4, semi < 0 ? requestUri.length() : semi));
            }
            return Optional.empty();
        }
    }
}
