package com.callbasis.gateway.media.sdp;

import com.callbasis.gateway.media.sdp.Sdp.Attribute;
import com.callbasis.gateway.media.sdp.Sdp.Connection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One m= section: {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 s.5.14)
 * and the lines after it up to the next m=. Immutable; knows the session-level c= and direction so
 * it can resolve what it inherits.
 */
public final class MediaDescription {
    private final List<String> lines;
    private final String type;
    private final int port;
    private final int portCount;
    private final String proto;
    private final List<String> formats;
    private final Connection connection;
    private final Direction direction;
    private final List<Attribute> attributes;
    private final int rtcpPort;
    private final Connection rtcpConnection;
    private final Map<Integer, RtpMap> rtpMaps;
    private final Connection sessionConnection;
    private final Direction sessionDirection;

    MediaDescription(List<String> lines, String type, int port, int portCount, String proto,
            List<String> formats, Connection connection, Direction direction,
            List<Attribute> attributes, int rtcpPort, Connection rtcpConnection,
            Map<Integer, RtpMap> rtpMaps, Connection sessionConnection, Direction sessionDirection) {
        this.lines = List.copyOf(lines);
        this.type = type;
        this.port = port;
        this.portCount = portCount;
        this.proto = proto;
        this.formats = List.copyOf(formats);
        this.connection = connection;
        this.direction = direction;
        this.attributes = List.copyOf(attributes);
        this.rtcpPort = rtcpPort;
        this.rtcpConnection = rtcpConnection;
        this.rtpMaps = Collections.unmodifiableMap(new LinkedHashMap<>(rtpMaps));
        this.sessionConnection = sessionConnection;
        this.sessionDirection = sessionDirection;
    }

    /** The media type: audio, video, text, application, message, image. */
    public String type() {
        return type;
    }

    /** The transport port; 0 when the stream is rejected or disabled (RFC 3264 s.6). */
    public int port() {
        return port;
    }

    /** The number of ports of {@code m=audio 49170/2 ...} (RFC 8866 s.5.14); 1 when absent. */
    public int portCount() {
        return portCount;
    }

    /** The transport protocol as sent: RTP/AVP, RTP/SAVP, RTP/AVPF, RTP/SAVPF, UDP/TLS/RTP/SAVPF... */
    public String proto() {
        return proto;
    }

    /** The media formats (RTP payload types for RTP protocols), in order of preference. */
    public List<String> formats() {
        return formats;
    }

    /** The media-level c= line, or null. */
    public Connection connection() {
        return connection;
    }

    /** The media-level c= line, else the session-level one (RFC 8866 s.5.7); null when neither. */
    public Connection effectiveConnection() {
        return connection != null ? connection : sessionConnection;
    }

    /** The host of {@link #effectiveConnection()}, without a multicast suffix; null when none. */
    public String effectiveAddress() {
        Connection c = effectiveConnection();
        return c == null ? null : c.host();
    }

    /** The a= lines of this section, in order. */
    public List<Attribute> attributes() {
        return attributes;
    }

    /**
     * The media-level direction attribute, else the session-level one, else {@link Direction#SENDRECV}
     * (RFC 8866 s.6.7: "sendrecv SHOULD be assumed as the default").
     */
    public Direction direction() {
        if (direction != null) {
            return direction;
        }
        return sessionDirection != null ? sessionDirection : Direction.SENDRECV;
    }

    /** Whether {@code a=rtcp-mux} is present (RFC 5761 s.5.1.1). Only an answer confirms its use. */
    public boolean rtcpMux() {
        return hasAttribute("rtcp-mux");
    }

    /** The port of {@code a=rtcp:<port> [<nettype> <addrtype> <address>]} (RFC 3605 s.2.1), if any. */
    public OptionalInt rtcpPort() {
        return rtcpPort < 0 ? OptionalInt.empty() : OptionalInt.of(rtcpPort);
    }

    /** The address part of {@code a=rtcp} (RFC 3605 s.2.1), or null when absent. */
    public Connection rtcpConnection() {
        return rtcpConnection;
    }

    /**
     * Payload type to encoding, for the formats of the m= line in their order: the a=rtpmap when there
     * is one, else the RFC 3551 s.6 static assignment (0 PCMU/8000, 8 PCMA/8000, 9 G722/8000, 18
     * G729/8000, ...). A format with neither is absent; so is an a=rtpmap for an unlisted format. Note
     * G722: "the RTP clock rate ... is 8,000 Hz" although it samples at 16 kHz (RFC 3551 s.4.5.2).
     */
    public Map<Integer, RtpMap> rtpMaps() {
        Map<Integer, RtpMap> out = new LinkedHashMap<>();
        if (!isRtp()) {
            return out;
        }
        for (String f : formats) {
            int pt = Integer.parseInt(f); // checked by the parser for RTP protocols
            RtpMap m = rtpMaps.get(pt);
            if (m == null) {
                m = StaticPayloadTypes.get(pt);
            }
            if (m != null) {
                out.putIfAbsent(pt, m);
            }
        }
        return out;
    }

    /**
     * The values of the a=crypto lines (RFC 4568 s.9.1), in order, without the {@code a=crypto:}
     * prefix. They contain SRTP master keys: never log them.
     */
    public List<String> cryptos() {
        List<String> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals("crypto") && a.value() != null) {
                out.add(a.value());
            }
        }
        return out;
    }

    /** Whether the protocol is secure RTP (contains "SAVP": RTP/SAVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF). */
    public boolean isSecure() {
        return proto.contains("SAVP");
    }

    /** Whether the port is 0: "a rejected media stream" (RFC 3264 s.6). */
    public boolean isRejected() {
        return port == 0;
    }

    boolean isRtp() {
        return isRtpProto(proto);
    }

    static boolean isRtpProto(String proto) {
        return proto.contains("RTP/");
    }

    boolean hasAttribute(String name) {
        for (Attribute a : attributes) {
            if (a.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The section verbatim, m= first. */
    List<String> lines() {
        return lines;
    }

    @Override
    public String toString() {
        return "MediaDescription[" + type + " " + port + " " + proto + " " + formats + "]";
    }

    /**
     * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]} (RFC 8866
     * s.6.6). {@code channels} is the audio encoding parameter, 1 when absent.
     */
    public record RtpMap(int payloadType, String encoding, int clockRate, int channels) {
    }
}
