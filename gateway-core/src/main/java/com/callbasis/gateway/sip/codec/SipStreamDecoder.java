package com.callbasis.gateway.sip.codec;

import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.SipParseException;
import com.callbasis.gateway.sip.message.SipParser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.List;

/** Parses the frames cut by {@link SipStreamFramer} into {@link InboundSip}s. */
@Sharable
public final class SipStreamDecoder extends MessageToMessageDecoder<ByteBuf> {
    /**
     * The identities of a TLS connection's verified peer certificate, set on the channel by the transport
     * once the handshake has succeeded; every message of the connection carries them.
     */
    public static final AttributeKey<List<String>> TLS_PEER_NAMES = AttributeKey.valueOf(SipStreamDecoder.class, "tlsPeerNames");

    private final SipParser parser;
    private final Transport transport;

    public SipStreamDecoder(SipParser parser, Transport transport) {
        this.parser = parser;
        this.transport = transport;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        byte[] data = ByteBufUtil.getBytes(frame);
        // Not every channel has IP addresses (EmbeddedChannel, local channels): never fail on that.
        InetSocketAddress remote = ctx.channel().remoteAddress() instanceof InetSocketAddress r ? r : null;
        InetSocketAddress local = ctx.channel().localAddress() instanceof InetSocketAddress l ? l : null;
        List<String> peer = ctx.channel().attr(TLS_PEER_NAMES).get();
        List<String> names = peer == null ? List.of() : peer;
        try {
            out.add(InboundSip.ok(parser.parse(data, 0, data.length), transport, remote, local, ctx.channel(), names));
        } catch (SipParseException e) {
            out.add(InboundSip.failed(e, transport, remote, local, ctx.channel(), names));
        } catch (RuntimeException e) {
            // A parser bug must not become an exception in the pipeline (STYLE #2): drop, counted as "internal".
            out.add(InboundSip.failed(new SipParseException("internal", 0, 0, "parser failure: " + e.getClass().getSimpleName()),
                    transport, remote, local, ctx.channel(), names));
        }
    }
}
