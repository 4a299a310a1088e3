package com.callbasis.gateway.media.sdp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Rewrites the session descriptions the gateway sends on one SIP leg so that media flows through the
 * gateway. One instance per leg per call, kept in the call state: it owns the leg's o= session id
 * and version.
 *
 * <p>What {@link #rewrite} changes, and nothing else (every other line is kept verbatim and in order):
 * <ul>
 *   <li>o= is ours: {@code o=- <session id> <version> IN IP4|IP6 <gateway>}. RFC 3264 s.8: "the
 *       version in the origin field MUST increment by one from the previous SDP. If the version in
 *       the origin line does not increment, the SDP MUST be identical to the SDP with that version
 *       number." So the version moves only when the text differs from the previous one sent.
 *   <li>Exactly one c=, at session level, with the gateway address; media-level c= are removed.
 *   <li>m= port is {@link AnchorPort#rtpPort()}, without a number of ports. A stream rejected in
 *       the received SDP (port 0) or given a null {@code AnchorPort} keeps port 0 and loses its
 *       a=rtcp and a=crypto lines.
 *   <li>For RTP protocols only (not T.38 udptl or SCTP),
 *       a=rtcp:{@link AnchorPort#rtcpPort()} (RFC 3605) when the received stream had a=rtcp or no
 *       a=rtcp-mux. With a=rtcp-mux (kept as received) and no a=rtcp, a=rtcp is added only when
 *       {@code rtcpPort} is not RTP port + 1: an answer without a=rtcp-mux falls back to separate
 *       RTCP (RFC 5761 s.5.1.1), on RTP port + 1 unless a=rtcp says otherwise, so the fallback must
 *       name a port the gateway listens on. A gateway that muxes passes its RTP port as
 *       {@code rtcpPort}. With a=rtcp-mux-only the a=rtcp port is the RTP port: RFC 8858 s.4.2 "the
 *       address and port values of the SDP 'rtcp' attribute MUST match the corresponding values for
 *       RTP".
 *   <li>ICE is removed (the gateway is not an ICE agent, RFC 8445): a=candidate,
 *       a=remote-candidates, a=end-of-candidates and every a=ice-* (ufrag, pwd, options, lite,
 *       mismatch, pacing), at both levels.
 *   <li>a=crypto lines (RFC 4568) are replaced by {@link AnchorPort#cryptos()}, in place of the first
 *       received one (else at the end of the section); none when that is null. The proto is kept.
 * </ul>
 * Thread-safe; calls are serialised.
 */
public final class SdpAnchor {
    private final String address;
    private final String addrType;
    private final long sessionId;
    private long version;
    private String lastSent;

    /**
     * @param gatewayAddress the IPv4 or IPv6 literal the gateway receives media on
     * @throws IllegalArgumentException when it is not an IP literal (never resolved through DNS)
     */
    public SdpAnchor(String gatewayAddress) {
        this(gatewayAddress, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE),
                ThreadLocalRandom.current().nextLong(1, 1L << 30));
    }

    /** For tests: fixed o= session id and first version. */
    SdpAnchor(String gatewayAddress, long sessionId, long firstVersion) {
        Objects.requireNonNull(gatewayAddress, "gatewayAddress");
        InetAddress ip = IpLiteral.parse(gatewayAddress);
        if (ip == null || ip.isAnyLocalAddress()) {
            throw new IllegalArgumentException("gateway address must be a unicast IPv4 or IPv6 literal");
        }
        this.address = gatewayAddress;
        this.addrType = gatewayAddress.indexOf(':') >= 0 ? "IP6" : "IP4"; // ::ffff:a.b.c.d is IP6 text
        this.sessionId = sessionId;
        this.version = firstVersion;
    }

    /**
     * The SDP to send on this leg for {@code received} (the peer's SDP from the other leg).
     *
     * @param ports one entry per m= line of {@code received}, in order; null rejects that stream
     * @return the encoded description, CRLF line ends
     * @throws IllegalArgumentException when {@code ports} has not one entry per m= line
     */
    public synchronized String rewrite(Sdp received, List<AnchorPort> ports) {
        Objects.requireNonNull(received, "received");
        Objects.requireNonNull(ports, "ports");
        if (ports.size() != received.media().size()) {
            throw new IllegalArgumentException("need one AnchorPort per m= line: " + received.media().size()
                    + " m= lines, " + ports.size() + " ports");
        }
        String text = render(received, ports, version);
        if (lastSent != null && !text.equals(lastSent)) {
            version++;
            text = render(received, ports, version);
        }
        lastSent = text;
        return text;
    }

    /** The o= session id of this leg. */
    long sessionId() {
        return sessionId;
    }

    private String render(Sdp received, List<AnchorPort> ports, long v) {
        List<String> out = new ArrayList<>();
        boolean connectionWritten = false;
        String c = "c=IN " + addrType + " " + address;
        for (String line : received.sessionLines()) {
            char t = line.charAt(0);
            if (!connectionWritten && "vosiuep".indexOf(t) < 0) {
                out.add(c); // RFC 8866 s.5 order: v o s i u e p c b t r z k a
                connectionWritten = true;
            }
            if (t == 'o') {
                out.add("o=- " + sessionId + " " + v + " IN " + addrType + " " + address);
            } else if (t == 'c' || (t == 'a' && isIce(name(line)))) {
                continue;
            } else {
                out.add(line);
            }
        }
        if (!connectionWritten) {
            out.add(c);
        }
        List<MediaDescription> media = received.media();
        for (int i = 0; i < media.size(); i++) {
            AnchorPort p = media.get(i).isRejected() ? null : ports.get(i);
            media(media.get(i), p, out);
        }
        StringBuilder sb = new StringBuilder(1024);
        for (String l : out) {
            sb.append(l).append("\r\n");
        }
        return sb.toString();
    }

    private static void media(MediaDescription m, AnchorPort p, List<String> out) {
        List<String> lines = m.lines();
        String mline = "m=" + m.type() + " " + (p == null ? 0 : p.rtpPort()) + " " + m.proto() + " "
                + String.join(" ", m.formats());
        out.add(mline);
        String rtcp = null;
        if (p != null && m.isRtp() && (m.rtcpPort().isPresent() || !m.rtcpMux() || p.rtcpPort() != p.rtpPort() + 1)) {
            int port = m.hasAttribute("rtcp-mux-only") ? p.rtpPort() : p.rtcpPort();
            rtcp = "a=rtcp:" + port;
        }
        List<String> cryptos = p == null || p.cryptos() == null ? List.of() : p.cryptos();
        boolean cryptosWritten = false;
        for (int k = 1; k < lines.size(); k++) {
            String line = lines.get(k);
            char t = line.charAt(0);
            if (t == 'c') {
                continue;
            }
            if (t != 'a') {
                out.add(line);
                continue;
            }
            String name = name(line);
            if (isIce(name)) {
                continue;
            }
            if (name.equals("rtcp")) {
                if (rtcp != null) {
                    out.add(rtcp);
                    rtcp = null;
                }
            } else if (name.equals("crypto")) {
                if (!cryptosWritten) {
                    addCryptos(cryptos, out);
                    cryptosWritten = true;
                }
            } else {
                out.add(line);
            }
        }
        if (rtcp != null) {
            out.add(rtcp);
        }
        if (!cryptosWritten) {
            addCryptos(cryptos, out);
        }
    }

    private static void addCryptos(List<String> cryptos, List<String> out) {
        for (String c : cryptos) {
            out.add("a=crypto:" + c);
        }
    }

    private static String name(String attributeLine) {
        int colon = attributeLine.indexOf(':');
        return colon < 0 ? attributeLine.substring(2) : attributeLine.substring(2, colon);
    }

    private static boolean isIce(String name) {
        return name.startsWith("ice-") || name.equals("candidate") || name.equals("remote-candidates")
                || name.equals("end-of-candidates");
    }

    @Override
    public String toString() {
        return "SdpAnchor[" + addrType + ", version " + version + "]";
    }
}
