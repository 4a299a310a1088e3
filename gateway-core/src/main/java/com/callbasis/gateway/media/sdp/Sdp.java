package com.callbasis.gateway.media.sdp;

import java.util.List;

/**
 * A parsed session description (RFC 8866, formerly RFC 4566). Immutable.
 *
 * <p>Every line is kept verbatim and in order, so {@code parse(x).encode()} equals {@code x} with
 * CRLF line ends; only the lines the gateway needs are interpreted: o=, c=, m=, the direction
 * attributes, a=rtcp, a=rtcp-mux, a=rtpmap and a=crypto.
 *
 * <p>{@link #toString()} prints no field values: an SDP carries user names (o=), addresses and SRTP
 * keys (a=crypto).
 */
public final class Sdp {
    /** Longest SDP accepted, in characters: bounds the work and memory of one parse. */
    public static final int MAX_LENGTH = 65_536;
    /** Most m= lines accepted; real calls have one to a handful. */
    public static final int MAX_MEDIA = 64;

    private final List<String> sessionLines;
    private final Origin origin;
    private final Connection connection;
    private final Direction direction;
    private final List<Attribute> attributes;
    private final List<MediaDescription> media;

    Sdp(List<String> sessionLines, Origin origin, Connection connection, Direction direction,
            List<Attribute> attributes, List<MediaDescription> media) {
        this.sessionLines = List.copyOf(sessionLines);
        this.origin = origin;
        this.connection = connection;
        this.direction = direction;
        this.attributes = List.copyOf(attributes);
        this.media = List.copyOf(media);
    }

    /**
     * Parses a session description. Accepts LF or CRLF line ends, a missing final line end and
     * trailing blank lines.
     *
     * @throws SdpException with the 1-based line number when the text is not a session description
     *     of RFC 8866 s.5 shape or exceeds {@link #MAX_LENGTH} or {@link #MAX_MEDIA}
     */
    public static Sdp parse(String text) {
        return SdpParser.parse(text);
    }

    /** The description with CRLF after every line (RFC 8866 s.5: "CRLF ... SHOULD be used"). */
    public String encode() {
        StringBuilder sb = new StringBuilder(512);
        for (String l : sessionLines) {
            sb.append(l).append("\r\n");
        }
        for (MediaDescription m : media) {
            for (String l : m.lines()) {
                sb.append(l).append("\r\n");
            }
        }
        return sb.toString();
    }

    /** The o= line (RFC 8866 s.5.2). */
    public Origin origin() {
        return origin;
    }

    /** The session-level c= line (RFC 8866 s.5.7), or null when every m= has its own. */
    public Connection connection() {
        return connection;
    }

    /** The session-level direction attribute, or null when there is none. */
    public Direction direction() {
        return direction;
    }

    /** The session-level a= lines, in order. */
    public List<Attribute> attributes() {
        return attributes;
    }

    /** The media descriptions, in order. */
    public List<MediaDescription> media() {
        return media;
    }

    /** The session-level lines verbatim, v= first. */
    List<String> sessionLines() {
        return sessionLines;
    }

    @Override
    public String toString() {
        return "Sdp[" + media.size() + " media]";
    }

    /**
     * {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}
     * (RFC 8866 s.5.2). The numbers are kept as text: RFC 8866 only asks for digits and some
     * implementations send more than fit in a long. {@link #toString()} omits the username.
     */
    public record Origin(String username, String sessionId, String sessionVersion, String netType,
            String addrType, String address) {
        @Override
        public String toString() {
            return "Origin[" + sessionId + " " + sessionVersion + " " + netType + " " + addrType + "]";
        }
    }

    /**
     * {@code c=<nettype> <addrtype> <connection-address>} (RFC 8866 s.5.7). The address is kept as
     * sent, including a multicast {@code /ttl/count} suffix; {@link #host()} strips it.
     */
    public record Connection(String netType, String addrType, String address) {
        /** The address without a multicast {@code /ttl} or {@code /count} suffix. */
        public String host() {
            int slash = address.indexOf('/');
            return slash < 0 ? address : address.substring(0, slash);
        }

        @Override
        public String toString() {
            return "Connection[" + netType + " " + addrType + "]";
        }
    }

    /**
     * {@code a=<name>} or {@code a=<name>:<value>} (RFC 8866 s.5.13); {@code value} is null for a
     * property attribute. {@link #toString()} prints the name only: values may be keys (crypto,
     * ice-pwd, key-mgmt).
     */
    public record Attribute(String name, String value) {
        @Override
        public String toString() {
            return "a=" + name;
        }
    }
}
