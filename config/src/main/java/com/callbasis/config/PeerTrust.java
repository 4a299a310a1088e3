package com.callbasis.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Which SIP peers a route believes: by source network, or by the names in a verified TLS client
 * certificate. Anything else that arrives is untrusted.
 *
 * @param networks source networks trusted
 * @param tlsNames DNS or SIP URI names of a verified TLS peer certificate trusted (lower case)
 */
public record PeerTrust(List<Cidr> networks, List<String> tlsNames) {
    /** The default for call facts: loopback only, so the try-out works and nothing from a network is believed. */
    public static final PeerTrust LOOPBACK = new PeerTrust(
            List.of(Cidr.parse("127.0.0.0/8").orElseThrow(), Cidr.parse("::1/128").orElseThrow()), List.of());

    public PeerTrust {
        networks = List.copyOf(networks);
        tlsNames = tlsNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    /** True when the peer's address or one of its verified TLS names is trusted. */
    public boolean admits(InetAddress source, List<String> verifiedTlsNames) {
        if (source != null) {
            for (Cidr c : networks) {
                if (c.contains(source)) {
                    return true;
                }
            }
        }
        for (String n : verifiedTlsNames) {
            if (tlsNames.contains(n.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
