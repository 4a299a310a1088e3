package com.callbasis.gateway.sip.codec;

import com.callbasis.gateway.sip.message.SipMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.net.InetSocketAddress;
import java.util.List;

/** UDP: writes an addressed {@link SipMessage} as one datagram. */
@Sharable
public final class SipDatagramEncoder extends MessageToMessageEncoder<AddressedEnvelope<SipMessage, InetSocketAddress>> {
    @Override
    protected void encode(ChannelHandlerContext ctx, AddressedEnvelope<SipMessage, InetSocketAddress> msg, List<Object> out) {
        out.add(new DatagramPacket(Unpooled.wrappedBuffer(msg.content().encode()), msg.recipient()));
    }
}
