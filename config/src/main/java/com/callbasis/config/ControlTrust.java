package com.callbasis.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Who may pause and resume a route's recordings by in-dialog INFO: the legs allowed to, and
 * optionally the peers on those legs. The default trusts the callee leg (the agent platform the
 * route sends calls to) from any of its addresses, and never the caller leg.
 *
 * @param caller control accepted from the caller's leg
 * @param callee control accepted from the callee's (agent platform's) leg
 * @param peers when present, the request must also come from one of these peers
 */
public record ControlTrust(boolean caller, boolean callee, Optional<PeerTrust> peers) {
    public static final ControlTrust DEFAULT = new ControlTrust(false, true, Optional.empty());

    /** Why a control request is refused ({@code untrusted_leg}, {@code untrusted_peer}), or null when accepted. */
    public String refusal(boolean fromCaller, InetAddress source, List<String> verifiedTlsNames) {
        if (fromCaller ? !caller : !callee) {
            return "untrusted_leg";
        }
        if (peers.isPresent() && !peers.get().admits(source, verifiedTlsNames)) {
            return "untrusted_peer";
        }
        return null;
    }
}
