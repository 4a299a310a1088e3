package com.callbasis.gateway.media.sdp;

import com.callbasis.gateway.media.sdp.MediaDescription.RtpMap;
import com.callbasis.gateway.media.sdp.Sdp.Attribute;
import com.callbasis.gateway.media.sdp.Sdp.Connection;
import com.callbasis.gateway.media.sdp.Sdp.Origin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RFC 8866 s.5 grammar, leniently where it costs nothing (LF or CRLF, unknown line types, any line
 * order after v=) and strictly where the gateway acts on a value (o=, c=, m=, a=rtcp, a=rtpmap,
 * direction). Error messages carry the line number, never the line.
 */
final class SdpParser {
    private SdpParser() {
    }

    static Sdp parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() > Sdp.MAX_LENGTH) {
            throw new SdpException(1, "SDP longer than " + Sdp.MAX_LENGTH + " characters");
        }
        List<String> lines = split(text);
        if (lines.isEmpty()) {
            throw new SdpException(1, "empty SDP");
        }
        Section session = new Section(1);
        List<Section> media = new ArrayList<>();
        Section current = session;
        for (int i = 0; i < lines.size(); i++) {
            int no = i + 1;
            String line = lines.get(i);
            checkShape(line, no);
            char type = line.charAt(0);
            String value = line.substring(2);
            if (no == 1) {
                if (!line.equals("v=0")) {
                    throw new SdpException(1, "first line must be v=0");
                }
            } else if (type == 'v') {
                throw new SdpException(no, "v= is only allowed as the first line");
            } else if (type == 'm') {
                if (media.size() == Sdp.MAX_MEDIA) {
                    throw new SdpException(no, "more than " + Sdp.MAX_MEDIA + " m= lines");
                }
                current = new Section(no);
                current.media(value);
                media.add(current);
            } else if (type == 'o') {
                if (current != session) {
                    throw new SdpException(no, "o= is only allowed at session level");
                }
                if (session.origin != null) {
                    throw new SdpException(no, "more than one o= line");
                }
                session.origin(value, no);
            } else if (type == 'c') {
                current.connection(value, no);
            } else if (type == 'a') {
                current.attribute(value, no);
            }
            current.lines.add(line);
        }
        if (session.origin == null) {
            throw new SdpException(2, "o= line missing");
        }
        List<MediaDescription> descriptions = new ArrayList<>(media.size());
        for (Section m : media) {
            if (m.port != 0 && m.connection == null && session.connection == null) {
                throw new SdpException(m.lineNo, "no c= line for this m= and none at session level");
            }
            descriptions.add(m.toMedia(session));
        }
        return new Sdp(session.lines, session.origin, session.connection, session.direction,
                session.attributes, descriptions);
    }

    /** Lines without their ends; trailing blank lines dropped, blank lines elsewhere refused. */
    private static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = text.length();
        while (start < n) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            out.add(text.substring(start, stop));
            start = end + 1;
        }
        int last = out.size();
        while (last > 0 && out.get(last - 1).isEmpty()) {
            last--;
        }
        return out.subList(0, last);
    }

    private static void checkShape(String line, int no) {
        if (line.isEmpty()) {
            throw new SdpException(no, "empty line");
        }
        char t = line.charAt(0);
        boolean letter = (t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z');
        if (line.length() < 2 || !letter || line.charAt(1) != '=') {
            throw new SdpException(no, "line is not of the form <type>=<value>");
        }
        for (int i = 2; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new SdpException(no, "control character in line");
            }
        }
    }

    /** Splits on runs of spaces (RFC 8866 uses single SP; tolerate more). */
    static String[] fields(String value) {
        String v = value.strip();
        return v.isEmpty() ? new String[0] : v.split(" +");
    }

    /** A decimal in [0, max], or -1. Never throws. */
    static int number(String s, int max) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v > max ? -1 : (int) v;
    }

    private static Connection connection(String value, int no, String what) {
        String[] f = fields(value);
        if (f.length != 3) {
            throw new SdpException(no, what + " needs exactly 3 fields: nettype addrtype address");
        }
        return new Connection(f[0], f[1], f[2]);
    }

    /** The state of one section (session or m=) while parsing. */
    private static final class Section {
        final int lineNo;
        final List<String> lines = new ArrayList<>();
        final List<Attribute> attributes = new ArrayList<>();
        final Map<Integer, RtpMap> rtpMaps = new HashMap<>();
        Origin origin;
        Connection connection;
        Direction direction;
        String type;
        int port;
        int portCount = 1;
        String proto;
        List<String> formats;
        int rtcpPort = -1;
        Connection rtcpConnection;

        Section(int lineNo) {
            this.lineNo = lineNo;
        }

        void origin(String value, int no) {
            String[] f = fields(value);
            if (f.length != 6) {
                throw new SdpException(no, "o= line needs exactly 6 fields");
            }
            origin = new Origin(f[0], f[1], f[2], f[3], f[4], f[5]);
        }

        void media(String value) {
            String[] f = fields(value);
            if (f.length < 4) {
                throw new SdpException(lineNo, "m= line needs at least 4 fields");
            }
            type = f[0];
            String p = f[1];
            int slash = p.indexOf('/');
            if (slash >= 0) {
                portCount = number(p.substring(slash + 1), 65535);
                if (portCount < 1) {
                    throw new SdpException(lineNo, "m= number of ports must be a number 1-65535");
                }
                p = p.substring(0, slash);
            }
            port = number(p, 65535);
            if (port < 0) {
                throw new SdpException(lineNo, "m= port must be a number 0-65535");
            }
            proto = f[2];
            formats = List.of(f).subList(3, f.length);
            if (MediaDescription.isRtpProto(proto)) {
                for (String fmt : formats) {
                    if (number(fmt, 127) < 0) {
                        throw new SdpException(lineNo, "m= RTP payload type must be a number 0-127");
                    }
                }
            }
        }

        void connection(String value, int no) {
            if (connection != null) {
                throw new SdpException(no, "more than one c= line in one section");
            }
            connection = SdpParser.connection(value, no, "c=");
        }

        void attribute(String value, int no) {
            int colon = value.indexOf(':');
            String name = colon < 0 ? value : value.substring(0, colon);
            String v = colon < 0 ? null : value.substring(colon + 1);
            if (name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
                throw new SdpException(no, "a= line needs an attribute name");
            }
            attributes.add(new Attribute(name, v));
            Direction d = Direction.ofAttribute(name);
            if (d != null) {
                if (direction != null && direction != d) {
                    throw new SdpException(no, "conflicting direction attributes");
                }
                direction = d;
            }
            if (type == null) {
                return; // session level: nothing else interpreted
            }
            if (name.equals("rtcp")) {
                rtcp(v == null ? "" : v, no);
            } else if (name.equals("rtpmap") && MediaDescription.isRtpProto(proto)) {
                rtpMap(v == null ? "" : v, no);
            }
        }

        /** RFC 3605 s.2.1: {@code rtcp-attribute = "a=rtcp:" port [nettype space addrtype space connection-address]}. */
        private void rtcp(String v, int no) {
            if (rtcpPort >= 0) {
                throw new SdpException(no, "more than one a=rtcp line");
            }
            String[] f = fields(v);
            if (f.length != 1 && f.length != 4) {
                throw new SdpException(no, "a=rtcp needs a port and optionally nettype addrtype address");
            }
            rtcpPort = number(f[0], 65535);
            if (rtcpPort < 0) {
                throw new SdpException(no, "a=rtcp port must be a number 0-65535");
            }
            if (f.length == 4) {
                rtcpConnection = new Connection(f[1], f[2], f[3]);
            }
        }

        /** RFC 8866 s.6.6: {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]}. */
        private void rtpMap(String v, int no) {
            String[] f = fields(v);
            if (f.length != 2) {
                throw new SdpException(no, "a=rtpmap needs a payload type and an encoding");
            }
            int pt = number(f[0], 127);
            String[] enc = f[1].split("/", -1);
            int clock = enc.length >= 2 ? number(enc[1], Integer.MAX_VALUE) : -1;
            int channels = enc.length == 3 ? number(enc[2], 255) : 1;
            if (pt < 0 || enc.length > 3 || enc[0].isEmpty() || clock < 1 || channels < 1) {
                throw new SdpException(no, "a=rtpmap must be <0-127> <name>/<clock rate>[/<channels>]");
            }
            if (rtpMaps.putIfAbsent(pt, new RtpMap(pt, enc[0], clock, channels)) != null) {
                throw new SdpException(no, "more than one a=rtpmap for one payload type");
            }
        }

        MediaDescription toMedia(Section session) {
            return new MediaDescription(lines, type, port, portCount, proto, formats, connection,
                    direction, attributes, rtcpPort, rtcpConnection, rtpMaps, session.connection,
                    session.direction);
        }
    }
}
