package com.callbasis.gateway.media.sdp;

import java.util.List;

/**
 * The gateway's own transport for one m= line, as {@link SdpAnchor#rewrite} writes it.
 *
 * @param rtpPort the port the gateway receives RTP on (1-65535)
 * @param rtcpPort the port the gateway receives RTCP on (1-65535); equal to {@code rtpPort} when the
 *     gateway multiplexes RTP and RTCP (RFC 5761)
 * @param cryptos the values of the {@code a=crypto} lines to send (RFC 4568, without the
 *     {@code a=crypto:} prefix), or null to send none. They hold SRTP master keys, so
 *     {@link #toString()} does not print them.
 */
public record AnchorPort(int rtpPort, int rtcpPort, List<String> cryptos) {
    public AnchorPort {
        if (rtpPort < 1 || rtpPort > 65535 || rtcpPort < 1 || rtcpPort > 65535) {
            throw new IllegalArgumentException("ports must be 1-65535");
        }
        cryptos = cryptos == null ? null : List.copyOf(cryptos);
        if (cryptos != null) {
            for (String c : cryptos) {
                if (c.isEmpty() || c.indexOf('\r') >= 0 || c.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("crypto values must be non-empty single lines");
                }
            }
        }
    }

    /** Plain RTP/AVP transport without keys. */
    public static AnchorPort of(int rtpPort, int rtcpPort) {
        return new AnchorPort(rtpPort, rtcpPort, null);
    }

    @Override
    public String toString() {
        return "AnchorPort[rtp=" + rtpPort + ", rtcp=" + rtcpPort + ", cryptos="
                + (cryptos == null ? "none" : cryptos.size() + " (redacted)") + "]";
    }
}
