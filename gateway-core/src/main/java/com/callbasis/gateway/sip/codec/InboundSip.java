package com.callbasis.gateway.sip.codec;

import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParseException;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * What the decoders hand up the pipeline: a parsed message, or the parse failure (like Netty's
 * {@code DecoderResult}), with where it came from so that the layer above can answer it.
 *
 * @param channel the channel it arrived on: the UDP listener, or the TCP/TLS connection (replies go back on it)
 * @param tlsPeerNames the identities in the peer's verified TLS certificate (dNSName SANs, sip/sips URI SANs
 *                     such as {@code sip:example.com}, the CN only when there is no SAN); empty when the
 *                     message did not come over TLS or the peer showed no certificate. A later change may
 *                     trust peers by these; nothing else about the peer is proven by TLS
 */
public record InboundSip(SipMessage message, SipParseException failure, Transport transport,
                         InetSocketAddress remote, InetSocketAddress local, Channel channel, List<String> tlsPeerNames) {

    public InboundSip {
        tlsPeerNames = List.copyOf(tlsPeerNames);
    }

    public static InboundSip ok(SipMessage m, Transport t, InetSocketAddress remote, InetSocketAddress local, Channel ch) {
        return ok(m, t, remote, local, ch, List.of());
    }

    public static InboundSip ok(SipMessage m, Transport t, InetSocketAddress remote, InetSocketAddress local, Channel ch,
                                List<String> tlsPeerNames) {
        return new InboundSip(m, null, t, remote, local, ch, tlsPeerNames);
    }

    public static InboundSip failed(SipParseException e, Transport t, InetSocketAddress remote, InetSocketAddress local, Channel ch) {
        return failed(e, t, remote, local, ch, List.of());
    }

    public static InboundSip failed(SipParseException e, Transport t, InetSocketAddress remote, InetSocketAddress local, Channel ch,
                                    List<String> tlsPeerNames) {
        return new InboundSip(null, e, t, remote, local, ch, tlsPeerNames);
    }

    public boolean isFailure() {
        return failure != null;
    }

    public Optional<SipMessage> maybeMessage() {
        return Optional.ofNullable(message);
    }
}
