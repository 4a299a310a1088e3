package com.callbasis.gateway.sip.codec;

import java.util.regex.Pattern;
import com.callbasis.config.SipLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * TCP/TLS: cuts the byte stream into messages by Content-Length (RFC 3261 s.18.3, where it is
 * mandatory on streams). Emits each whole message as a {@link ByteBuf}; a framing error is emitted
 * as a {@link FramingError} and the framer then discards the rest of the connection's input, since
 * the next message boundary can no longer be known. A CRLFCRLF ping is answered with CRLF (RFC 5626 s.4.4.1).
 *
 * <p>The head is scanned incrementally as bytes arrive, so every {@link SipLimits} bound is enforced
 * before the whole head is buffered (like Netty's {@code HttpObjectDecoder} line limits): a start line
 * over the limit is a 414, one header line over it or too many header fields a 400, a message over
 * the total size a 513. Each byte is examined once, however the stream is split.
 */
public final class SipStreamFramer extends ByteToMessageDecoder {
    private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]+");
    private static final Pattern LINE = Pattern.compile("\r?\n");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    private static final byte[] PONG = {'\r', '\n'};
    private static final int HEAD_COPY = 16384;
    private final SipLimits limits;
    private boolean broken;

    private final HeadScanner scan = new HeadScanner();
    /** 0: no deadline (tests on an embedded channel); else {@code sip.connections.messageTimeout}. */
    private final long timeoutNanos;
    private final boolean inbound;
    private final Runnable onTimeout;
    /** When the message now being received began (its first byte, or the connection's accept); 0: none pending. */
    private long pendingSince;
    private boolean checkScheduled;
    private long pings;

    public SipStreamFramer(SipLimits limits) {
        this(limits, false, null);
    }

    /**
     * @param inbound a peer opened the connection: its first message is due within the timeout too
     * @param onTimeout called (for the metric) before a connection over the message timeout is closed
     */
    public SipStreamFramer(SipLimits limits, boolean inbound, Runnable onTimeout) {
        this.limits = limits;
        this.inbound = inbound;
        this.onTimeout = onTimeout;
        this.timeoutNanos = onTimeout == null ? 0 : limits.connections().messageTimeout().toNanos();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (timeoutNanos > 0 && inbound) {
            pendingSince = System.nanoTime();
            scheduleCheck(ctx, timeoutNanos);
        }
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int framed = out.size();
        long pinged = pings;
        frame(ctx, in, out);
        if (timeoutNanos > 0 && !broken) {
            boolean progressed = out.size() > framed || pings != pinged;
            if (!in.isReadable()) {
                if (progressed) {
                    pendingSince = 0;
                }
            } else if (progressed || pendingSince == 0) {
                pendingSince = System.nanoTime(); // a new message has begun
                scheduleCheck(ctx, timeoutNanos);
            }
        }
    }

    /**
     * A message must arrive within the timeout of its first byte, however steadily it drips: an idle
     * timer that every byte reset let 200 connections dripping a byte a second live for ever.
     */
    private void scheduleCheck(ChannelHandlerContext ctx, long delayNanos) {
        if (checkScheduled) {
            return;
        }
        checkScheduled = true;
        ctx.executor().schedule(() -> {
            checkScheduled = false;
            if (pendingSince == 0 || !ctx.channel().isActive()) {
                return;
            }
            long waited = System.nanoTime() - pendingSince;
            if (waited >= timeoutNanos) {
                onTimeout.run();
                ctx.close();
            } else {
                scheduleCheck(ctx, timeoutNanos - waited);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The stream could not be framed; the handler answers (if it can) and closes the connection. */
    public record FramingError(int status, String reason, String kind, byte[] head) {
    }

    private void frame(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            int r = in.readerIndex();
            if (scan.pos == 0 && isCrOrLf(in.getByte(r))) {
                int n = in.readableBytes();
                if (n >= 4 && isPing(in, r)) {
                    // RFC 5626 s.4.4.1: each CRLFCRLF gets one CRLF
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
                    in.skipBytes(4);
                    pings++;
                    continue;
                }
                if (n < 4 && isPingPrefix(in, r, n)) {
                    return; // the rest of a ping may still come
                }
                in.skipBytes(1); // s.7.5: stray CRLF before a start line is ignored
                continue;
            }
            if (scan.headEnd < 0 && !scanHead(in, out)) {
                return; // incomplete, or failed
            }
            int headEnd = scan.headEnd;
            if (headEnd > limits.maxMessageSize()) {
                // A head over the limit arriving in one segment is as large as one arriving byte by byte
                // (found by bench/fuzz, SipStreamFramerFuzzTarget: it was judged on its Content-Length).
                fail(in, out, 513, "Message Too Large", "limit");
                return;
            }
            if (scan.contentLength == HeadScanner.UNKNOWN) { // once per message, not on every read of its body
                scan.contentLength = contentLength(in.toString(r, headEnd, StandardCharsets.UTF_8));
            }
            int contentLength = scan.contentLength;
            if (contentLength == -1) {
                fail(in, out, 400, "Missing Content-Length", "content_length");
                return;
            }
            if (contentLength < -1) {
                fail(in, out, 400, "Bad Content-Length", "content_length"); // RFC 4475 ncl, mcl01
                return;
            }
            long total = (long) headEnd + contentLength;
            if (total > limits.maxMessageSize()) {
                fail(in, out, 513, "Message Too Large", "limit");
                return;
            }
            if (in.readableBytes() < total) {
                return; // RFC 4475 clerr on a stream: wait for the body (the message timeout closes a peer that never sends it)
            }
            out.add(in.readRetainedSlice((int) total));
            scan.reset();
        }
    }

    /** Scans new bytes of the head; true when its end (the empty line) is found, false to wait or after a failure. */
    private boolean scanHead(ByteBuf in, List<Object> out) {
        int n = in.readableBytes();
        if (scan.pos < n) {
            // one bulk pass over the new bytes (a getByte per byte would also cost a leak record each under paranoid detection)
            in.forEachByte(in.readerIndex() + scan.pos, n - scan.pos, scan);
        }
        switch (scan.verdict) {
            case HeadScanner.END:
                return true;
            case HeadScanner.START_LINE_TOO_LONG:
                fail(in, out, 414, "Request-URI Too Long", "limit");
                return false;
            case HeadScanner.HEADER_TOO_LONG:
                fail(in, out, 400, "Header Too Long", "limit");
                return false;
            case HeadScanner.TOO_MANY_HEADERS:
                fail(in, out, 400, "Too Many Headers", "limit");
                return false;
            case HeadScanner.TOO_LARGE:
                fail(in, out, 513, "Message Too Large", "limit");
                return false;
            default:
                return false; // no end yet, and within every bound so far
        }
    }

    /**
     * Incremental scan of one message head; offsets are relative to the reader index and kept across
     * reads. Every bound is checked at every byte, in the same order, so that the first bound a head
     * crosses is the one reported however TCP segmented it (bench/fuzz, SipStreamFramerFuzzTarget,
     * found a 13th header line judged before the size limit when it arrived in one segment).
     */
    private final class HeadScanner implements ByteProcessor {
        static final int MORE = 0;
        static final int END = 1;
        static final int START_LINE_TOO_LONG = 2;
        static final int HEADER_TOO_LONG = 3;
        static final int TOO_MANY_HEADERS = 4;
        static final int TOO_LARGE = 5;
        static final int UNKNOWN = Integer.MIN_VALUE;

        int pos;
        int lineStart;
        int fields;
        boolean inStartLine = true;
        byte prev;
        byte lineFirst;
        int headEnd = -1;
        int verdict = MORE;
        int contentLength = UNKNOWN;

        void reset() {
            pos = 0;
            lineStart = 0;
            fields = 0;
            inStartLine = true;
            prev = 0;
            lineFirst = 0;
            headEnd = -1;
            verdict = MORE;
            contentLength = UNKNOWN;
        }

        @Override
        public boolean process(byte b) {
            if (b != '\n') {
                if (pos == lineStart) {
                    lineFirst = b;
                }
                prev = b;
                pos++;
                // the line being received must already be within its bound (one more for its CR)
                int partial = pos - lineStart;
                if (inStartLine && partial > limits.maxStartLine() + 1) {
                    verdict = START_LINE_TOO_LONG;
                    return false;
                } else if (!inStartLine && partial > limits.maxHeaderLine() + 1) {
                    verdict = HEADER_TOO_LONG;
                    return false;
                }
                return withinSize();
            }
            int lineLen = pos - lineStart - (pos > lineStart && prev == '\r' ? 1 : 0);
            prev = b;
            pos++;
            if (inStartLine) {
                if (lineLen > limits.maxStartLine()) {
                    verdict = START_LINE_TOO_LONG;
                    return false;
                }
                inStartLine = false;
            } else if (lineLen == 0) {
                headEnd = pos;
                verdict = END;
                return false;
            } else if (lineLen > limits.maxHeaderLine()) {
                verdict = HEADER_TOO_LONG;
                return false;
            } else if (lineFirst != ' ' && lineFirst != '\t' && ++fields > limits.maxHeaders()) {
                verdict = TOO_MANY_HEADERS;
                return false;
            }
            lineStart = pos;
            return withinSize();
        }

        private boolean withinSize() {
            if (pos > limits.maxMessageSize()) {
                verdict = TOO_LARGE;
                return false;
            }
            return true;
        }
    }

    private void fail(ByteBuf in, List<Object> out, int status, String reason, String kind) {
        int n = Math.min(in.readableBytes(), HEAD_COPY);
        byte[] head = new byte[n];
        in.getBytes(in.readerIndex(), head);
        in.skipBytes(in.readableBytes());
        broken = true;
        scan.reset();
        out.add(new FramingError(status, reason, kind, head));
    }

    private static boolean isCrOrLf(byte b) {
        return b == '\r' || b == '\n';
    }

    private static boolean isPing(ByteBuf in, int r) {
        return in.getByte(r) == '\r' && in.getByte(r + 1) == '\n' && in.getByte(r + 2) == '\r' && in.getByte(r + 3) == '\n';
    }

    private static boolean isPingPrefix(ByteBuf in, int r, int n) {
        for (int i = 0; i < n; i++) {
            if (in.getByte(r + i) != PONG[i % 2]) {
                return false;
            }
        }
        return true;
    }

    /**
     * -1 when absent, -2 when malformed or conflicting, else the value. Handles the compact form "l",
     * case, LWS around the colon and folded values (s.7.3.1).
     */
    static int contentLength(String head) {
        int found = -1;
        String unfolded = FOLD.matcher(head).replaceAll(" ");
        for (String line : LINE.split(unfolded)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                String v = line.substring(colon + 1).strip();
                if (!DIGITS.matcher(v).matches()) {
                    return -2;
                }
                int n = Integer.parseInt(v);
                if (found >= 0 && found != n) {
                    return -2;
                }
                found = n;
            }
        }
        return found;
    }
}
