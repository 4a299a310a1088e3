package com.callbasis.gateway.e2e;

import com.callbasis.gateway.media.sdp.MediaDescription;
import com.callbasis.gateway.media.sdp.Sdp;
import com.callbasis.gateway.media.sdp.SdpTargets;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A scripted SIP user agent over one UDP socket on 127.0.0.1, for media tests that need what SIPp
 * scenarios make awkward: RTP from a test sender on the port the UA announced, re-INVITEs at chosen
 * moments, INFO with headers, and a callee that answers every offer (initial and re-INVITE) with an
 * SDP of the test's choosing.
 *
 * <p>As a caller ({@link #caller}) it keeps one dialog: {@link #invite}, {@link #reInvite},
 * {@link #info}, {@link #bye}; each waits (bounded) for the final response and ACKs a 2xx to INVITE.
 * As a callee ({@link #callee}) a receiver thread answers INVITEs with 200 and the SDP its answerer
 * returns, and BYEs with 200; every request it got is kept for assertions. Retransmitted requests are
 * recognised by Via branch and CSeq and answered with the response already sent.
 */
final class TestUa implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(8);
    /** o= version: RFC 3264 s.8 wants it to grow with every changed description of a session. */
    private static final java.util.concurrent.atomic.AtomicLong SDP_VERSION = new java.util.concurrent.atomic.AtomicLong();

    /** A received SIP message; header names lower-cased (compact forms expanded), values in order. */
    record Message(String startLine, Map<String, List<String>> headers, String body) {
        boolean isRequest() {
            return !startLine.startsWith("SIP/2.0 ");
        }

        String method() {
            return isRequest() ? startLine.substring(0, startLine.indexOf(' ')) : cseqMethod();
        }

        int status() {
            return isRequest() ? 0 : Integer.parseInt(startLine.substring(8, 11));
        }

        Optional<String> header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        int cseq() {
            String c = header("cseq").orElseThrow().strip();
            return Integer.parseInt(c.substring(0, c.indexOf(' ')).strip());
        }

        String cseqMethod() {
            String c = header("cseq").orElseThrow().strip();
            return c.substring(c.indexOf(' ') + 1).strip();
        }

        /** The body as SDP (it must be one). */
        Sdp sdp() {
            return Sdp.parse(body);
        }

        /** Where to send RTP for the first audio line of this message's SDP. */
        InetSocketAddress rtpTarget() {
            Sdp s = sdp();
            MediaDescription m = s.media().get(0);
            InetSocketAddress t = SdpTargets.rtpTarget(m, s);
            if (t == null) {
                throw new IllegalStateException("no RTP target in SDP:\n" + body);
            }
            return t;
        }

        private String transactionKey() {
            String via = header("via").orElse("");
            int b = via.indexOf("branch=");
            String branch = b < 0 ? via : via.substring(b + 7).split("[;,\\s]")[0];
            return branch + "|" + header("cseq").orElse("");
        }

        static Message parse(String text) {
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            String[] lines = head.split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = expand(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT));
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
            }
            List<String> cl = headers.get("content-length");
            if (cl != null) {
                int n = Integer.parseInt(cl.get(0).strip());
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                body = new String(b, 0, Math.min(n, b.length), StandardCharsets.UTF_8);
            }
            return new Message(lines[0], headers, body);
        }

        private static String expand(String n) {
            return switch (n) {
                case "v" -> "via";
                case "f" -> "from";
                case "t" -> "to";
                case "i" -> "call-id";
                case "m" -> "contact";
                case "l" -> "content-length";
                case "c" -> "content-type";
                default -> n;
            };
        }
    }

    private final DatagramSocket socket;
    private final InetSocketAddress peer;
    private final String localTag = "ua" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    private final BlockingQueue<Message> responses = new LinkedBlockingQueue<>();
    private final List<Message> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, byte[]> sent = Collections.synchronizedMap(new HashMap<>());
    private final Thread receiver;
    private volatile UnaryOperator<Message> answerer;
    /** How CANCEL is treated; null: answered 501 like any request this UA does not serve. */
    private volatile CancelReply cancelReply;
    private volatile boolean closed;

    // caller dialog
    private String callId;
    private String from;
    /** The From user of the next INVITE: a number, or {@code anonymous} for a withheld caller. */
    private String callerUser = "+442071234567";
    private String to;
    private String requestUri;
    private int cseq;

    private TestUa(InetSocketAddress peer) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.peer = peer;
        this.receiver = new Thread(this::receive, "test-ua-" + socket.getLocalPort());
        receiver.setDaemon(true);
        receiver.start();
    }

    /** A caller that sends its requests to the gateway's SIP port on 127.0.0.1. */
    static TestUa caller(int gatewayPort) throws SocketException {
        return new TestUa(new InetSocketAddress(InetAddress.getLoopbackAddress(), gatewayPort));
    }

    /**
     * A callee: every INVITE (initial or re-INVITE) is answered 200 with the SDP {@code answer} returns
     * for the INVITE (null: no body), every BYE 200.
     */
    static TestUa callee(java.util.function.Function<Message, String> answer) throws SocketException {
        TestUa ua = new TestUa(null);
        ua.answerer = req -> ua.response(req, 200, "OK", answer.apply(req));
        return ua;
    }

    /** What a ringing callee ({@link #ringingCallee}) does with a CANCEL. */
    enum CancelReply {
        /** No response at all, retransmissions included. */
        IGNORE,
        /** 200 to the CANCEL, but never the 487 the INVITE then needs (RFC 3261 s.9.2). */
        OK_WITHOUT_487
    }

    /** A callee that answers every INVITE 180 and nothing more, and treats CANCEL as {@code cancel} says. */
    static TestUa ringingCallee(CancelReply cancel) throws SocketException {
        TestUa ua = new TestUa(null);
        ua.answerer = req -> ua.response(req, 180, "Ringing", null);
        ua.cancelReply = cancel;
        return ua;
    }

    /**
     * The answer of a G.711 phone on 127.0.0.1:{@code rtpPort} to the offer in {@code invite}: the first
     * of PCMU/PCMA offered, telephone-event if offered, and the direction RFC 3264 s.6.1 asks for
     * (sendonly answered recvonly, recvonly sendonly, inactive inactive, else sendrecv).
     */
    static String answerTo(Message invite, int rtpPort) {
        MediaDescription m = invite.sdp().media().get(0);
        List<Integer> offered = m.formats().stream().map(Integer::parseInt).toList();
        int audio = offered.stream().filter(pt -> pt == 0 || pt == 8).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no G.711 offered"));
        String direction = switch (m.direction()) {
            case SENDONLY -> "recvonly";
            case RECVONLY -> "sendonly";
            case INACTIVE -> "inactive";
            case SENDRECV -> "sendrecv";
        };
        return offered.contains(101) ? sdp(rtpPort, direction, audio, 101) : sdp(rtpPort, direction, audio);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** An audio SDP on 127.0.0.1:{@code rtpPort} offering or answering {@code pts} (0 PCMU, 8 PCMA, 101 telephone-event). */
    static String sdp(int rtpPort, String direction, int... pts) {
        StringBuilder fmt = new StringBuilder();
        StringBuilder maps = new StringBuilder();
        for (int pt : pts) {
            fmt.append(' ').append(pt);
            maps.append(switch (pt) {
                case 0 -> "a=rtpmap:0 PCMU/8000\r\n";
                case 8 -> "a=rtpmap:8 PCMA/8000\r\n";
                case 101 -> "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\n";
                case 9 -> "a=rtpmap:9 G722/8000\r\n";
                case 111 -> "a=rtpmap:111 opus/48000/2\r\n";
                default -> throw new IllegalArgumentException("payload type " + pt);
            });
        }
        return "v=0\r\n"
                + "o=- 4711 " + SDP_VERSION.incrementAndGet() + " IN IP4 127.0.0.1\r\n"
                + "s=-\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "t=0 0\r\n"
                + "m=audio " + rtpPort + " RTP/AVP" + fmt + "\r\n"
                + maps
                + "a=ptime:20\r\n"
                + "a=" + direction + "\r\n";
    }

    // ------------------------------------------------------------------ caller

    /** Calls from {@code user} from now on (e.g. {@code anonymous}: a withheld number). */
    TestUa from(String user) {
        this.callerUser = user;
        return this;
    }

    /** INVITE to {@code user} with the offer {@code sdp}; waits for the final response and ACKs a 2xx. */
    Message invite(String user, String extraHeaders, String sdp) throws IOException, InterruptedException {
        String host = "127.0.0.1:" + peer.getPort();
        callId = "testua-" + Long.toHexString(System.nanoTime()) + "@127.0.0.1";
        from = "\"Test Caller\" <sip:" + callerUser + "@127.0.0.1:" + port() + ">;tag=" + localTag;
        to = "<sip:" + user + "@" + host + ">";
        requestUri = "sip:" + user + "@" + host;
        cseq = 1;
        Message r = request("INVITE", extraHeaders, sdp);
        if (r.status() / 100 == 2) {
            to = r.header("to").orElseThrow();
            requestUri = r.header("contact").map(TestUa::uri).orElse(requestUri);
            ack(r);
        }
        return r;
    }

    /** A re-INVITE in the dialog with the offer {@code sdp}; waits for the final response and ACKs a 2xx. */
    Message reInvite(String sdp) throws IOException, InterruptedException {
        return reInvite(sdp, Duration.ZERO);
    }

    /**
     * A re-INVITE whose 2xx is ACKed only {@code ackDelay} after it arrived, as over a slow path: the
     * gateway has settled the new media at the 2xx and must not act on it a second time at the ACK.
     */
    Message reInvite(String sdp, Duration ackDelay) throws IOException, InterruptedException {
        cseq++;
        Message r = request("INVITE", "", sdp);
        if (r.status() / 100 == 2) {
            Thread.sleep(ackDelay.toMillis());
            ack(r);
        }
        return r;
    }

    /** An INFO in the dialog with one extra header line (e.g. {@code X-Recording-Control: pause}). */
    Message info(String headerLine) throws IOException, InterruptedException {
        cseq++;
        return request("INFO", headerLine + "\r\n", null);
    }

    /** An INFO in the dialog with a body (e.g. {@code application/dtmf-relay}). */
    Message infoBody(String contentType, String body) throws IOException, InterruptedException {
        cseq++;
        return request("INFO", "", body, contentType);
    }

    Message bye() throws IOException, InterruptedException {
        cseq++;
        return request("BYE", "", null);
    }

    private Message request(String method, String extraHeaders, String sdp) throws IOException, InterruptedException {
        return request(method, extraHeaders, sdp, "application/sdp");
    }

    private Message request(String method, String extraHeaders, String sdp, String contentType) throws IOException, InterruptedException {
        String body = sdp == null ? "" : sdp;
        String text = method + " " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bK-" + Long.toHexString(System.nanoTime()) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + cseq + " " + method + "\r\n"
                + "Contact: <sip:caller@127.0.0.1:" + port() + ">\r\n"
                + extraHeaders
                + (sdp == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        send(bytes, peer);
        return awaitFinal(cseq, method, bytes);
    }

    /** The final response to CSeq {@code n method}; the request is retransmitted every 500 ms meanwhile (RFC 3261 Timer A/E). */
    private Message awaitFinal(int n, String method, byte[] request) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long nextRetransmit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        boolean provisional = false;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                throw new IOException("no final response to " + method + " (CSeq " + n + ") within " + WAIT);
            }
            Message r = responses.poll(Math.min(deadline, nextRetransmit) - now, TimeUnit.NANOSECONDS);
            if (r == null) {
                if (!provisional || !method.equals("INVITE")) {
                    send(request, peer);
                }
                nextRetransmit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                continue;
            }
            if (r.cseq() != n || !r.cseqMethod().equals(method)) {
                continue; // a retransmitted response of an earlier transaction
            }
            if (r.status() < 200) {
                provisional = true;
                continue;
            }
            return r;
        }
    }

    private void ack(Message ok) throws IOException {
        String text = "ACK " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port() + ";branch=z9hG4bK-" + Long.toHexString(System.nanoTime()) + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: " + from + "\r\n"
                + "To: " + to + "\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: " + ok.cseq() + " ACK\r\n"
                + "Content-Length: 0\r\n\r\n";
        send(text.getBytes(StandardCharsets.UTF_8), peer);
    }

    private static String uri(String nameAddr) {
        int lt = nameAddr.indexOf('<');
        int gt = nameAddr.indexOf('>');
        return lt >= 0 && gt > lt ? nameAddr.substring(lt + 1, gt) : nameAddr.split(";")[0].strip();
    }

    // ------------------------------------------------------------------ callee

    /** Requests received so far with this method, in arrival order (retransmissions excluded). */
    List<Message> requests(String method) {
        synchronized (requests) {
            return requests.stream().filter(m -> m.method().equals(method)).toList();
        }
    }

    /** Waits (bounded) until {@code n} requests of {@code method} have arrived; returns them. */
    List<Message> awaitRequests(String method, int n) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Message> got = requests(method);
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            got = requests(method);
        }
        return got;
    }

    private Message response(Message req, int status, String reason, String sdp) {
        StringBuilder b = new StringBuilder("SIP/2.0 ").append(status).append(' ').append(reason).append("\r\n");
        for (String v : req.all("via")) {
            b.append("Via: ").append(v).append("\r\n");
        }
        String toHeader = req.header("to").orElseThrow();
        if (!toHeader.contains(";tag=")) {
            toHeader += ";tag=" + localTag;
        }
        b.append("From: ").append(req.header("from").orElseThrow()).append("\r\n");
        b.append("To: ").append(toHeader).append("\r\n");
        b.append("Call-ID: ").append(req.header("call-id").orElseThrow()).append("\r\n");
        b.append("CSeq: ").append(req.header("cseq").orElseThrow()).append("\r\n");
        if (req.method().equals("INVITE")) {
            b.append("Contact: <sip:callee@127.0.0.1:").append(port()).append(">\r\n");
        }
        String body = sdp == null ? "" : sdp;
        if (sdp != null) {
            b.append("Content-Type: application/sdp\r\n");
        }
        b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(body);
        return Message.parse(b.toString());
    }

    private static byte[] encode(Message m) {
        StringBuilder b = new StringBuilder(m.startLine()).append("\r\n");
        m.headers().forEach((name, values) -> values.forEach(v -> b.append(name).append(": ").append(v).append("\r\n")));
        b.append("\r\n").append(m.body());
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ transport

    private void send(byte[] b, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(b, b.length, to));
    }

    private void receive() {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
            } catch (IOException e) {
                return; // closed
            }
            Message m;
            try {
                m = Message.parse(new String(buf, 0, p.getLength(), StandardCharsets.UTF_8));
                if (!m.isRequest()) {
                    responses.add(m);
                    continue;
                }
                InetSocketAddress source = (InetSocketAddress) p.getSocketAddress();
                if (m.method().equals("ACK")) {
                    requests.add(m);
                    continue;
                }
                byte[] earlier = sent.get(m.transactionKey());
                if (earlier != null) {
                    send(earlier, source); // a retransmission: the same answer again
                    continue;
                }
                requests.add(m);
                if (m.method().equals("CANCEL") && cancelReply == CancelReply.IGNORE) {
                    continue;
                }
                Message reply;
                if (m.method().equals("INVITE") && answerer != null) {
                    reply = answerer.apply(m);
                } else if (m.method().equals("BYE") || m.method().equals("INFO") || m.method().equals("OPTIONS")
                        || m.method().equals("CANCEL") && cancelReply != null) {
                    reply = response(m, 200, "OK", null);
                } else {
                    reply = response(m, 501, "Not Implemented", null);
                }
                byte[] bytes = encode(reply);
                sent.put(m.transactionKey(), bytes);
                send(bytes, source);
            } catch (RuntimeException | IOException e) {
                // an unreadable datagram is not this test's subject; keep listening
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}
