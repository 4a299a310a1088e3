package com.callbasis.gateway.sip.codec;

import com.callbasis.config.SipLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * TCP/TLS: cuts the byte stream into messages by Content-Length (RFC 3261 s.18.3, where it is
 * mandatory on streams). Emits each whole message as a {@link ByteBuf}; a framing error is emitted
 * as a {@link FramingError} and the framer then discards the rest of the connection's input, since
 * the next message boundary can no longer be known. A CRLFCRLF ping is answered with CRLF (RFC 5626 s.4.4.1).
 */
public final class SipStreamFramer extends ByteToMessageDecoder {
    private static final byte[] PONG = {'\r', '\n'};
    private final SipLimits limits;
    private boolean broken;

    public SipStreamFramer(SipLimits limits) {
        this.limits = limits;
    }

    /** The stream could not be framed; the handler answers (if it can) and closes the connection. */
    public record FramingError(int status, String reason, String kind, byte[] head) {
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.isReadable()) {
            // Leading CRLFs: a double CRLF is a keep-alive ping, a lone one is ignored (s.7.5).
            int crlfs = 0;
            while (in.isReadable(crlfs + 1) && isCrOrLf(in.getByte(in.readerIndex() + crlfs))) {
                crlfs++;
            }
            if (crlfs > 0) {
                if (crlfs >= 4) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer(PONG));
                }
                if (crlfs == in.readableBytes() && crlfs < 4) {
                    return; // maybe the rest of a ping is still coming
                }
                in.skipBytes(crlfs);
                continue;
            }
            int headEnd = findHeaderEnd(in);
            if (headEnd < 0) {
                if (in.readableBytes() > limits.maxMessageSize()) {
                    fail(in, out, 513, "Message Too Large", "limit");
                }
                return;
            }
            int headLen = headEnd - in.readerIndex();
            String head = in.toString(in.readerIndex(), headLen, StandardCharsets.UTF_8);
            int contentLength = contentLength(head);
            if (contentLength == -1) {
                fail(in, out, 400, "Missing Content-Length", "content_length");
                return;
            }
            if (contentLength < -1) {
                fail(in, out, 400, "Bad Content-Length", "content_length");
                return;
            }
            long total = (long) headLen + contentLength;
            if (total > limits.maxMessageSize()) {
                fail(in, out, 513, "Message Too Large", "limit");
                return;
            }
            if (in.readableBytes() < total) {
                return;
            }
            out.add(in.readRetainedSlice((int) total));
        }
    }

    private void fail(ByteBuf in, List<Object> out, int status, String reason, String kind) {
        int n = Math.min(in.readableBytes(), 16384);
        byte[] head = new byte[n];
        in.getBytes(in.readerIndex(), head);
        in.skipBytes(in.readableBytes());
        broken = true;
        out.add(new FramingError(status, reason, kind, head));
    }

    private static boolean isCrOrLf(byte b) {
        return b == '\r' || b == '\n';
    }

    /** Index just past the blank line ending the headers (CRLFCRLF or LFLF), or -1. */
    private static int findHeaderEnd(ByteBuf in) {
        int end = in.writerIndex();
        for (int i = in.readerIndex(); i < end; i++) {
            if (in.getByte(i) == '\n') {
                if (i + 1 < end && in.getByte(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < end && in.getByte(i + 1) == '\r' && in.getByte(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** -1 when absent, -2 when malformed, else the value. Handles the compact form "l" and folding-free LWS. */
    static int contentLength(String head) {
        int found = -1;
        for (String line : head.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith(" ") || line.startsWith("\t")) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("l")) {
                String v = line.substring(colon + 1).strip();
                if (!v.matches("\\d{1,9}")) {
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
