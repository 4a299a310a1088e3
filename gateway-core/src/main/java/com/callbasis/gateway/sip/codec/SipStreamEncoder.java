package com.callbasis.gateway.sip.codec;

import com.callbasis.gateway.sip.message.SipMessage;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/** TCP/TLS: writes a {@link SipMessage} in wire form (Content-Length always present). */
@Sharable
public final class SipStreamEncoder extends MessageToMessageEncoder<SipMessage> {
    @Override
    protected void encode(ChannelHandlerContext ctx, SipMessage msg, List<Object> out) {
        out.add(Unpooled.wrappedBuffer(msg.encode()));
    }
}
