package com.callbasis.gateway.sip.transport.tls;

import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.SipStreamDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits behind the {@link SslHandler} of one connection: counts a failed handshake
 * ({@code sip.tls.handshake.failed{direction,reason}}) and, once it succeeded, puts the verified peer's
 * identities on the channel for the decoder ({@link SipStreamDecoder#TLS_PEER_NAMES}). The
 * SslHandler has already failed the queued writes and closes the connection; nothing is thrown on.
 */
public final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(TlsHandshakeHandler.class);

    private final SipMetrics metrics;
    private final boolean outbound;
    private boolean handshakeDone;
    private boolean failureCounted;

    public TlsHandshakeHandler(SipMetrics metrics, boolean outbound) {
        this.metrics = metrics;
        this.outbound = outbound;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                handshakeDone = true;
                ctx.channel().attr(SipStreamDecoder.TLS_PEER_NAMES).set(peerNames(ctx));
            } else {
                failed(ctx, e.cause());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        // In TLS 1.3 a server judges the client's certificate after the client's side of the handshake is
        // done: its refusal (e.g. certificate_required) arrives as an alert on the first read.
        if (handshakeDone && handshakeException(cause)) {
            failed(ctx, cause);
        }
        super.exceptionCaught(ctx, cause);
    }

    private void failed(ChannelHandlerContext ctx, Throwable cause) {
        if (failureCounted) {
            return;
        }
        failureCounted = true;
        String reason = TlsFailure.of(cause).tag();
        metrics.tlsHandshakeFailed(outbound ? "outbound" : "inbound", reason);
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        String peer = ssl == null || ssl.engine().getPeerHost() == null ? "" : ssl.engine().getPeerHost() + " ";
        if (outbound) {
            LOG.warn("TLS to {}{} refused: {} ({})", peer, ctx.channel().remoteAddress(), reason, cause.getMessage());
        } else {
            LOG.info("TLS from {} refused: {} ({})", ctx.channel().remoteAddress(), reason, cause.getMessage());
        }
    }

    private static boolean handshakeException(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return true;
            }
        }
        return false;
    }

    /** The identities of a verified peer certificate; none when the peer showed no certificate. */
    private static List<String> peerNames(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? PeerNames.of(x) : List.of();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }
}
