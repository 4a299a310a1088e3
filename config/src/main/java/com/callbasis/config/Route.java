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
 */
public record Route(String id, String userPrefix, Optional<String> host, String targetHost, int targetPort,
                    Transport transport, String tenant) {

    /** The target as a SIP URI, for documentation and logs. */
    public String targetUri() {
        String h = targetHost.contains(":") ? "[" + targetHost + "]" : targetHost;
        return "sip:" + h + ":" + targetPort + (transport == Transport.UDP ? "" : ";transport=" + transport.token());
    }
}
