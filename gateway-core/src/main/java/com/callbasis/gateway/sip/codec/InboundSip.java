package com.callbasis.gateway.sip.codec;

import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParseException;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * What the decoders hand up the pipeline: a parsed message, or the parse failure (like Netty's
 * {@code DecoderResult}), with where it came from so that the layer above can answer it.
 *
 * @param channel the channel it arrived on: the UDP listener, or the TCP/TLS connection (replies go back on it)
 */
public record InboundSip(SipMessage message, SipParseException failure, Transport transport,
                         InetSocketAddress remote, InetSocketAddress local, Channel channel) {

    public static InboundSip ok(SipMessage m, Transport t, InetSocketAddress remote, InetSocketAddress local, Channel ch) {
        return new InboundSip(m, null, t, remote, local, ch);
    }

    public static InboundSip failed(SipParseException e, Transport t, InetSocketAddress remote, InetSocketAddress local, Channel ch) {
        return new InboundSip(null, e, t, remote, local, ch);
    }

    public boolean isFailure() {
        return failure != null;
    }

    public Optional<SipMessage> maybeMessage() {
        return Optional.ofNullable(message);
    }
}
