package com.callbasis.config;

import java.util.Optional;

/**
 * One row of the ordered routing table: the first route whose match fits a new INVITE sends the
 * outbound leg to its target.
 *
 * @param id a name for logs and metrics
 * @param userPrefix Request-URI user part must start with this (empty: any user)
 * @param host Request-URI host must equal this, ignoring case (empty: any host)
 * @param targetHost host of the next hop (an IP literal or a name)
 * @param targetPort port of the next hop
 * @param transport transport to reach the target
 * @param tenant tenant the calls on this route belong to (used by the policy engine)
 * @param factsTrust peers whose call-fact headers (tenant, consent token, emergency, ...) are believed
 * @param control who may pause and resume recordings of the route's calls
 * @param notice how notices and consent prompts are played on the route's calls
 */
public record Route(String id, String userPrefix, Optional<String> host, String targetHost, int targetPort,
                    Transport transport, String tenant, PeerTrust factsTrust, ControlTrust control, NoticeConfig notice) {

    /** With the default notice handling (at the answer, the agent hears silence, {@code *9} withdraws). */
    public Route(String id, String userPrefix, Optional<String> host, String targetHost, int targetPort,
                 Transport transport, String tenant, PeerTrust factsTrust, ControlTrust control) {
        this(id, userPrefix, host, targetHost, targetPort, transport, tenant, factsTrust, control, NoticeConfig.DEFAULT);
    }

    /** A route with the default trusts: facts from loopback only, control from the callee leg only. */
    public Route(String id, String userPrefix, Optional<String> host, String targetHost, int targetPort,
                 Transport transport, String tenant) {
        this(id, userPrefix, host, targetHost, targetPort, transport, tenant, PeerTrust.LOOPBACK, ControlTrust.DEFAULT);
    }

    /** The target as a SIP URI, for documentation and logs. */
    public String targetUri() {
        String h = targetHost.contains(":") ? "[" + targetHost + "]" : targetHost;
        return "sip:" + h + ":" + targetPort + (transport == Transport.UDP ? "" : ";transport=" + transport.token());
    }
}
