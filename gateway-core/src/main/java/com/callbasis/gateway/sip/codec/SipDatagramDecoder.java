package com.callbasis.gateway.sip.codec;

import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.SipParseException;
import com.callbasis.gateway.sip.message.SipParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * UDP: one datagram is one message (RFC 3261 s.18.3). Stateless, so one instance serves every
 * channel. Keep-alives (CRLF, RFC 5626) and STUN packets are not SIP and yield nothing.
 */
@Sharable
public final class SipDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private final SipParser parser;

    public SipDatagramDecoder(SipParser parser) {
        this.parser = parser;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        ByteBuf buf = packet.content();
        if (isKeepAlive(buf)) {
            return;
        }
        byte[] data = ByteBufUtil.getBytes(buf);
        try {
            out.add(InboundSip.ok(parser.parse(data, 0, data.length), Transport.UDP, packet.sender(), packet.recipient(), ctx.channel()));
        } catch (SipParseException e) {
            out.add(InboundSip.failed(e, Transport.UDP, packet.sender(), packet.recipient(), ctx.channel()));
        } catch (RuntimeException e) {
            // A parser bug must not become an exception in the pipeline (STYLE #2): drop, counted as "internal".
            out.add(InboundSip.failed(new SipParseException("internal", 0, 0, "parser failure: " + e.getClass().getSimpleName()),
                    Transport.UDP, packet.sender(), packet.recipient(), ctx.channel()));
        }
    }

    /**
     * Only CR/LF bytes (RFC 5626 s.3.5.1 keep-alive), or STUN: RFC 7983 s.7 demultiplexes a first byte
     * of 0-3 as STUN (RFC 5389 s.6: the two top bits are zero and the message type's first byte is 0
     * or 1). Printable SIP never starts there, but it may start with '!' or a digit (RFC 4475 intmeth),
     * so "top two bits zero" alone would wrongly drop it.
     */
    static boolean isKeepAlive(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return true;
        }
        if ((buf.getByte(buf.readerIndex()) & 0xFF) <= 3) {
            return true;
        }
        for (int i = buf.readerIndex(); i < buf.writerIndex(); i++) {
            byte b = buf.getByte(i);
            if (b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
