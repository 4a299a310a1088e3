package com.callbasis.gateway.media.sdp;

import com.callbasis.gateway.media.sdp.Sdp.Connection;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a peer wants its media sent, from its SDP. Never resolves names: the results are built from
 * IP literals only. Null means "unknown or not now"; the caller keeps its previous target or waits
 * for RTP to arrive (symmetric RTP, RFC 4961).
 */
public final class SdpTargets {
    private SdpTargets() {
    }

    /**
     * The IP literal and port to send RTP to for {@code m} of {@code s}: the media-level c= else the
     * session-level c= (RFC 8866 s.5.7), and the m= port. Null when the port is 0 (rejected, RFC 3264
     * s.6); when the address is 0.0.0.0 or :: (RFC 3264 s.8.4: "RFC 2543 specified that placing a
     * user on hold was accomplished by setting the connection address to 0.0.0.0"); and when the address is not an IP literal (an FQDN
     * in c=, which this gateway does not resolve on the signalling path).
     */
    public static InetSocketAddress rtpTarget(MediaDescription m, Sdp s) {
        if (m.isRejected()) {
            return null;
        }
        return target(connection(m, s), m.port());
    }

    /**
     * The address and port to send RTCP to: {@code a=rtcp:<port> [IN IP4 <addr>]} when present
     * (RFC 3605 s.2.1; without an address the RTP address), else the RTP target when a=rtcp-mux is
     * present (RFC 5761 s.5.1.1; the caller must only rely on it once the answer confirms muxing),
     * else the RTP port + 1 (RFC 3550 s.11: "the corresponding RTCP stream SHOULD use the next
     * higher (odd) destination port number"). Null when
     * {@link #rtpTarget} is, or when the a=rtcp address is unusable in the same ways.
     */
    public static InetSocketAddress rtcpTarget(MediaDescription m, Sdp s) {
        InetSocketAddress rtp = rtpTarget(m, s);
        if (rtp == null) {
            return null;
        }
        if (m.rtcpPort().isPresent()) {
            Connection c = m.rtcpConnection() != null ? m.rtcpConnection() : connection(m, s);
            return target(c, m.rtcpPort().getAsInt());
        }
        if (m.rtcpMux()) {
            return rtp;
        }
        return m.port() < 65535 ? new InetSocketAddress(rtp.getAddress(), m.port() + 1) : null;
    }

    private static Connection connection(MediaDescription m, Sdp s) {
        return m.connection() != null ? m.connection() : s.connection();
    }

    private static InetSocketAddress target(Connection c, int port) {
        if (c == null || port <= 0 || port > 65535) {
            return null;
        }
        InetAddress ip = IpLiteral.parse(c.host());
        if (ip == null || ip.isAnyLocalAddress()) {
            return null;
        }
        return new InetSocketAddress(ip, port);
    }
}
