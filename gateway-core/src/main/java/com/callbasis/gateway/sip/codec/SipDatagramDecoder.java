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
        }
    }

    /** Only CR/LF bytes, or a STUN message (first two bits zero, RFC 5389 s.6). */
    static boolean isKeepAlive(ByteBuf buf) {
        int n = buf.readableBytes();
        if (n == 0) {
            return true;
        }
        if ((buf.getByte(buf.readerIndex()) & 0xC0) == 0) {
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
