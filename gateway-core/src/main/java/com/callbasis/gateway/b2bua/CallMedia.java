package com.callbasis.gateway.b2bua;

import com.callbasis.gateway.media.MediaException;
import com.callbasis.gateway.media.MediaSession;
import com.callbasis.gateway.media.MediaStream;
import com.callbasis.gateway.media.MediaTap;
import com.callbasis.gateway.media.Side;
import com.callbasis.gateway.media.sdp.AnchorPort;
import com.callbasis.gateway.media.sdp.Direction;
import com.callbasis.gateway.media.sdp.MediaDescription;
import com.callbasis.gateway.media.sdp.Sdp;
import com.callbasis.gateway.media.sdp.SdpAnchor;
import com.callbasis.gateway.media.sdp.SdpException;
import com.callbasis.gateway.media.sdp.SdpTargets;
import com.callbasis.gateway.media.srtp.SdesCrypto;
import com.callbasis.gateway.media.srtp.SdesNegotiation;
import com.callbasis.gateway.media.srtp.SdesSelection;
import java.util.HashMap;
import com.callbasis.recorder.PayloadTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A call's media anchoring: every SDP that crosses the gateway is rewritten so that both peers send
 * RTP to the gateway (RFC 3264 offer/answer, one port pair per m= line and side, stable for the call).
 * The rewriting is the same for offers and answers: what a side announces becomes that side's remote
 * address in the relay, and the other side is told the gateway's port for it. Core-thread only.
 */
final class CallMedia {
    private final MediaSession session;
    private final SdpAnchor toCaller;
    private final SdpAnchor toCallee;
    private Sdp lastFromCaller;
    private Sdp lastFromCallee;
    /** Descriptions rewritten so far, either side: tells a new offer or answer from the same one reported again. */
    private long descriptions;
    /** SDES state per m= line (RFC 4568): SRTP is terminated on each leg with that leg's own keys. */
    private final Map<Integer, Sdes> sdes = new HashMap<>();
    private static final SdesNegotiation NEGOTIATION = SdesNegotiation.withAllSuites();

    /** One secure m= line: the offer in flight, or the answer that settled it (kept for repeats, e.g. 183 then 200). */
    private static final class Sdes {
        Side offerFrom;
        /** Our answer to the offerer, chosen when the offer came (its key is used once the other leg answers). */
        SdesSelection towardsOfferer;
        List<SdesCrypto> ourOffer;
        Side answeredBy;
        List<String> answerSeen;
        String ourAnswer;
    }

    CallMedia(MediaSession session, String gatewayAddress) {
        this.session = session;
        this.toCaller = new SdpAnchor(gatewayAddress);
        this.toCallee = new SdpAnchor(gatewayAddress);
    }

    static boolean isSdp(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
        return t.equals("application/sdp");
    }

    /**
     * The body to send to the other side for an SDP {@code from} sent.
     *
     * @throws SdpException when the SDP is malformed (answer 488 or drop it)
     * @throws MediaException when no ports are left (answer 503)
     */
    byte[] rewrite(Side from, byte[] body) throws MediaException {
        Sdp sdp = Sdp.parse(new String(body, StandardCharsets.UTF_8));
        List<MediaDescription> lines = sdp.media();
        List<AnchorPort> ports = new ArrayList<>(lines.size());
        Side to = from.other();
        for (int i = 0; i < lines.size(); i++) {
            MediaDescription m = lines.get(i);
            if (m.isRejected() || !isRtp(m)) {
                ports.add(null); // only RTP is relayed; anything else is declined rather than routed around the gateway
                continue;
            }
            MediaStream s = session.stream(i);
            List<String> cryptos = null;
            if (m.isSecure()) {
                cryptos = negotiateSdes(i, s, from, m.cryptos());
                if (cryptos == null) {
                    ports.add(null); // no key we can use: decline the stream rather than relay it unprotected
                    continue;
                }
            }
            s.setRemote(from, SdpTargets.rtpTarget(m, sdp), SdpTargets.rtcpTarget(m, sdp));
            ports.add(new AnchorPort(s.localRtp(to).getPort(), s.localRtcpPort(to), cryptos));
        }
        if (from == Side.CALLER) {
            lastFromCaller = sdp;
        } else {
            lastFromCallee = sdp;
        }
        descriptions++;
        return (to == Side.CALLER ? toCaller : toCallee).rewrite(sdp, ports).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isRtp(MediaDescription m) {
        String p = m.proto().toUpperCase(Locale.ROOT);
        return p.equals("RTP/AVP") || p.equals("RTP/AVPF") || p.equals("RTP/SAVP") || p.equals("RTP/SAVPF");
    }

    /**
     * SDES for one m= line of an SDP from {@code from}; returns the a=crypto values to send to the other
     * side, or null when the stream cannot be secured. An offer gets our own fresh keys on the other
     * leg; the answer to them settles that leg's keys and lets us answer the original offer with
     * another fresh key. Each leg's SrtpTransform decrypts what its peer sends and encrypts what we send it.
     */
    private List<String> negotiateSdes(int index, MediaStream stream, Side from, List<String> lines) {
        Sdes st = sdes.computeIfAbsent(index, k -> new Sdes());
        if (st.offerFrom == from.other() && st.ourOffer != null) {
            // the answer to the keys we offered to this side
            if (lines.isEmpty()) {
                return null;
            }
            SdesSelection mine;
            try {
                mine = NEGOTIATION.acceptAnswer(st.ourOffer, lines.get(0));
            } catch (IllegalArgumentException e) {
                return null;
            }
            stream.setTransform(from, mine.newTransform());
            stream.setTransform(from.other(), st.towardsOfferer.newTransform());
            st.answeredBy = from;
            st.answerSeen = List.copyOf(lines);
            st.ourAnswer = st.towardsOfferer.local().toAttributeValue();
            st.offerFrom = null;
            st.ourOffer = null;
            st.towardsOfferer = null;
            return List.of(st.ourAnswer);
        }
        if (st.answeredBy == from && lines.equals(st.answerSeen)) {
            return List.of(st.ourAnswer); // the same answer again (183 then 200): same keys
        }
        // a new offer (initial, or a re-offer that may re-key): our own keys towards the other side
        var answer = NEGOTIATION.answer(lines);
        if (answer.isEmpty()) {
            return null;
        }
        st.offerFrom = from;
        st.towardsOfferer = answer.get();
        st.ourOffer = NEGOTIATION.offer(SdesNegotiation.DEFAULT_OFFER);
        List<String> out = new ArrayList<>();
        for (SdesCrypto c : st.ourOffer) {
            out.add(c.toAttributeValue());
        }
        return out;
    }

    /** True once both sides have described their media (offer and answer seen). */
    boolean negotiated() {
        return lastFromCaller != null && lastFromCallee != null;
    }

    /**
     * The payload types of what {@code from}'s peer sends, for the recorder: the audio line's rtpmaps of
     * both descriptions (RFC 3264 s.6.1 lets the answerer use the offer's numbering), {@code from}'s own
     * first. Falls back to the static G.711 types when no audio codec is known.
     */
    PayloadTypes payloadTypes(Side from) {
        PayloadTypes.Builder b = PayloadTypes.builder();
        boolean audio = false;
        Sdp theirs = from == Side.CALLER ? lastFromCallee : lastFromCaller;
        Sdp own = from == Side.CALLER ? lastFromCaller : lastFromCallee;
        for (Sdp s : new Sdp[] {theirs, own}) { // own last, so its mappings win
            MediaDescription m = audioLine(s);
            if (m == null) {
                continue;
            }
            for (Map.Entry<Integer, MediaDescription.RtpMap> e : m.rtpMaps().entrySet()) {
                MediaDescription.RtpMap r = e.getValue();
                int pt = e.getKey();
                if (pt < 0 || pt > 127 || (pt >= 72 && pt <= 76)) {
                    continue;
                }
                if (r.encoding().equalsIgnoreCase("telephone-event")) {
                    b.telephoneEvent(pt);
                } else {
                    audio |= b.rtpmap(pt, r.encoding(), r.clockRate(), r.channels()); // true: a codec we decode
                }
            }
        }
        return audio ? b.build() : PayloadTypes.g711Static();
    }

    /**
     * How many SDP bodies (offers and answers, either side) have crossed the gateway so far: unchanged
     * between two moments means no new description came in between (e.g. the 2xx of a re-INVITE and
     * its ACK without a body report the same negotiation twice).
     */
    long descriptions() {
        return descriptions;
    }

    /**
     * Whether {@code side}'s peer wants audio from the gateway now: its latest SDP's audio line is
     * sendrecv or recvonly (RFC 3264 s.6.1: to a sendonly or inactive stream nothing is sent) and has an
     * address to send to (s.8.4: not on hold with c=0.0.0.0, not rejected).
     */
    boolean receivesAudio(Side side) {
        Sdp own = side == Side.CALLER ? lastFromCaller : lastFromCallee;
        MediaDescription m = audioLine(own);
        if (m == null) {
            return false;
        }
        Direction d = m.direction();
        return (d == Direction.SENDRECV || d == Direction.RECVONLY) && SdpTargets.rtpTarget(m, own) != null;
    }

    /** Packets relayed so far in either direction; the media timeout watches it move. */
    long packetsRelayed() {
        return session.packetsRelayed();
    }

    /**
     * On hold: a side's latest SDP makes one of its RTP streams sendonly, recvonly or inactive (or gives it
     * the address 0.0.0.0), so at
     * least one direction is meant to be silent (RFC 3264 s.8.4) and a quiet line is no sign of trouble.
     */
    boolean onHold() {
        for (Sdp s : new Sdp[] {lastFromCaller, lastFromCallee}) {
            if (s == null) {
                continue;
            }
            for (MediaDescription m : s.media()) {
                // sendonly/recvonly/inactive, or the old-style hold of RFC 2543: c=0.0.0.0 (RFC 3264 s.8.4)
                if (!m.isRejected() && isRtp(m) && (m.direction() != Direction.SENDRECV || SdpTargets.rtpTarget(m, s) == null)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** An encoding the gateway can send to a side, with the payload type that side's SDP gave it. */
    record SendCodec(String encoding, int payloadType) {
    }

    /**
     * What the gateway sends a prompt in to {@code to}'s peer: the first encoding of the callee's audio line (in
     * the usual early-offer call the answer: the codec the parties settled on, RFC 3264 s.6.1) that is among
     * {@code encodings} (SDP names, case-insensitive), else the first of the caller's that is; numbered as
     * {@code to}'s own SDP numbers it (each side receives with the mapping it declared). Empty when
     * there is no audio line or no shared encoding.
     */
    java.util.Optional<SendCodec> sendCodec(Side to, java.util.Set<String> encodings) {
        Sdp own = to == Side.CALLER ? lastFromCaller : lastFromCallee;
        MediaDescription mine = audioLine(own);
        if (mine == null) {
            return java.util.Optional.empty();
        }
        java.util.List<String> order = new ArrayList<>();
        // The callee's SDP is the answer in the usual early-offer call: its first codec is the one settled on.
        for (MediaDescription m : new MediaDescription[] {audioLine(lastFromCallee), audioLine(lastFromCaller)}) {
            if (m != null) {
                m.rtpMaps().values().forEach(r -> order.add(r.encoding().toUpperCase(Locale.ROOT)));
            }
        }
        for (String enc : order) {
            boolean usable = encodings.stream().anyMatch(e -> e.equalsIgnoreCase(enc));
            if (!usable) {
                continue;
            }
            for (MediaDescription.RtpMap r : mine.rtpMaps().values()) {
                if (r.encoding().equalsIgnoreCase(enc)) {
                    return java.util.Optional.of(new SendCodec(r.encoding(), r.payloadType()));
                }
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The gateway's own answer to the caller's offer for a notice as early media (183), or empty when the
     * offer cannot take one here: not exactly one plain-RTP audio line (SRTP would need keys of our own
     * towards the caller), not sendrecv, or no encoding among {@code encodings}. The answer takes the first
     * offered encoding that is prepared, and telephone-event when offered, on the caller-facing port.
     */
    java.util.Optional<EarlyAnswer> earlyAnswer(java.util.Set<String> encodings, String gatewayAddress) {
        if (lastFromCaller == null || lastFromCaller.media().size() != 1) {
            return java.util.Optional.empty();
        }
        MediaDescription m = lastFromCaller.media().get(0);
        if (!m.type().equalsIgnoreCase("audio") || m.isRejected() || !isRtp(m) || m.isSecure() || m.direction() != Direction.SENDRECV) {
            return java.util.Optional.empty();
        }
        java.util.Optional<SendCodec> codec = sendCodec(Side.CALLER, encodings);
        java.util.Optional<MediaStream> stream = audioStream();
        if (codec.isEmpty() || stream.isEmpty()) {
            return java.util.Optional.empty();
        }
        SendCodec c = codec.get();
        Integer te = null;
        MediaDescription.RtpMap teMap = null;
        for (MediaDescription.RtpMap r : m.rtpMaps().values()) {
            if (r.encoding().equalsIgnoreCase("telephone-event") && r.clockRate() == 8000) {
                te = r.payloadType();
                teMap = r;
                break;
            }
        }
        MediaDescription.RtpMap audio = m.rtpMaps().get(c.payloadType());
        String ip4 = gatewayAddress.contains(":") ? "IP6" : "IP4";
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=callbasis ").append(System.nanoTime() & 0x7fffffffL).append(" 1 IN ").append(ip4).append(' ').append(gatewayAddress).append("\r\n")
                .append("s=-\r\n")
                .append("c=IN ").append(ip4).append(' ').append(gatewayAddress).append("\r\n")
                .append("t=0 0\r\n")
                .append("m=audio ").append(stream.get().localRtp(Side.CALLER).getPort()).append(' ').append(m.proto()).append(' ').append(c.payloadType());
        if (te != null) {
            sdp.append(' ').append(te);
        }
        sdp.append("\r\n").append("a=rtpmap:").append(c.payloadType()).append(' ').append(audio.encoding()).append('/').append(audio.clockRate());
        if (audio.channels() > 1) {
            sdp.append('/').append(audio.channels());
        }
        sdp.append("\r\n");
        if (te != null) {
            sdp.append("a=rtpmap:").append(te).append(" telephone-event/").append(teMap.clockRate()).append("\r\na=fmtp:").append(te).append(" 0-16\r\n");
        }
        sdp.append("a=ptime:20\r\na=sendrecv\r\n");
        java.util.Set<Integer> keep = new java.util.HashSet<>();
        keep.add(c.payloadType());
        if (te != null) {
            keep.add(te);
        }
        return java.util.Optional.of(new EarlyAnswer(sdp.toString().getBytes(StandardCharsets.UTF_8), keep));
    }

    /**
     * An early answer and the payload types it settled on: the INVITE forwarded after the early notice
     * offers only these, so that the final answer keeps the early answer's codec (the caller takes the
     * first answer it receives as the answer, RFC 3261 s.13.2.1, and the gateway does not transcode).
     */
    record EarlyAnswer(byte[] sdp, java.util.Set<Integer> payloadTypes) {
    }

    /** {@code sdp} (an anchored offer with one m= line) offering only {@code keep}. */
    static byte[] restrictFormats(byte[] sdp, java.util.Set<Integer> keep) {
        StringBuilder out = new StringBuilder();
        for (String line : new String(sdp, StandardCharsets.UTF_8).split("\r\n")) {
            if (line.startsWith("m=")) {
                String[] f = line.split(" ");
                StringBuilder m = new StringBuilder(f[0]).append(' ').append(f[1]).append(' ').append(f[2]);
                for (int i = 3; i < f.length; i++) {
                    if (f[i].matches("\\d{1,3}") && keep.contains(Integer.parseInt(f[i]))) {
                        m.append(' ').append(f[i]);
                    }
                }
                line = m.toString();
            } else if (line.startsWith("a=rtpmap:") || line.startsWith("a=fmtp:")) {
                String pt = line.substring(line.indexOf(':') + 1).split("[ ]", 2)[0];
                if (!pt.matches("\\d{1,3}") || !keep.contains(Integer.parseInt(pt))) {
                    continue;
                }
            }
            if (!line.isEmpty()) {
                out.append(line).append("\r\n");
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The relay stream of the first audio line, where prompts are played; empty before the offer. */
    java.util.Optional<MediaStream> audioStream() {
        Sdp s = lastFromCaller != null ? lastFromCaller : lastFromCallee;
        if (s == null) {
            return java.util.Optional.empty();
        }
        List<MediaDescription> lines = s.media();
        for (int i = 0; i < lines.size(); i++) {
            MediaDescription m = lines.get(i);
            if (m.type().equalsIgnoreCase("audio") && !m.isRejected() && isRtp(m)) {
                try {
                    return java.util.Optional.of(session.stream(i));
                } catch (MediaException e) {
                    return java.util.Optional.empty();
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static MediaDescription audioLine(Sdp s) {
        if (s == null) {
            return null;
        }
        for (MediaDescription m : s.media()) {
            if (m.type().equalsIgnoreCase("audio") && !m.isRejected()) {
                return m;
            }
        }
        return null;
    }

    void setTap(MediaTap tap) {
        session.setTap(tap);
    }

    /** Releases the ports (call end, failure or timeout). Idempotent. */
    void close() {
        session.close();
    }
}
