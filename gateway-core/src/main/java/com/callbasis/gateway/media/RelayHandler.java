package com.callbasis.gateway.media;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane of one gateway socket: validates what a side's peer sent, hands RTP to the tap, and
 * forwards it out of the other side's socket (unless the side is withheld, see
 * {@link MediaStream#setForwarding}). All state here is confined to the stream's event loop,
 * which both sides share, so forwarding takes no lock and never crosses threads.
 *
 * <p>The received buffer itself is forwarded (no copy); writes are flushed once per read batch in
 * {@link #channelReadComplete}, which lets the epoll transport send the batch with one
 * {@code sendmmsg}.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(RelayHandler.class);

    private final Side side;
    private final boolean rtcpSocket;
    private final boolean latching;
    private final int recvBufferSize;
    private final RelayMetrics metrics;

    // Loop-confined from here on; set by attach() which runs on the loop.
    private MediaStream stream;
    private Leg from;
    private Leg to;
    private boolean flushToRtp;
    private boolean flushToRtcp;
    private long batchRtp;
    private long batchRtcp;
    private long batchWithheldRtp;
    private long batchWithheldRtcp;
    private final long[] batchDrops = new long[DropReason.VALUES.length];

    RelayHandler(Side side, boolean rtcpSocket, boolean latching, int recvBufferSize, RelayMetrics metrics) {
        this.side = side;
        this.rtcpSocket = rtcpSocket;
        this.latching = latching;
        this.recvBufferSize = recvBufferSize;
        this.metrics = metrics;
    }

    /** Runs on the loop once both legs are bound, before the stream is handed out; earlier packets are discarded uncounted. */
    void attach(MediaStream s) {
        this.stream = s;
        this.from = s.leg(side);
        this.to = s.leg(side.other());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof DatagramPacket dp) || stream == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            relay(dp.content(), dp.sender());
        } catch (RuntimeException e) {
            // A bug in a transform or in here must not stop the socket; the packet's fate is unknown,
            // so it was counted nowhere: count it as failed and release whatever is still ours.
            LOG.debug("media relay error on {} {}: {}", side, rtcpSocket ? "rtcp" : "rtp", e.toString());
            ReferenceCountUtil.safeRelease(dp.content());
            count(DropReason.SEND_FAILED);
        }
    }

    /** Takes ownership of {@code buf}: it is either written to the other side or released. */
    private void relay(ByteBuf buf, InetSocketAddress sender) {
        int len = buf.readableBytes();
        if (len >= recvBufferSize) {
            drop(buf, DropReason.TRUNCATED);
            return;
        }
        if (len < RtpPackets.MIN_RTCP || !RtpPackets.isVersion2(buf)) {
            drop(buf, DropReason.MALFORMED);
            return;
        }
        boolean rtcp = rtcpSocket || RtpPackets.isRtcp(buf);
        if (!rtcp && len < RtpPackets.MIN_RTP) {
            drop(buf, DropReason.MALFORMED);
            return;
        }

        // Source validation: only the peer may inject media for its side ("RTP bleed" defence).
        Peer peer = from.peer;
        InetSocketAddress latched = rtcpSocket ? peer.latchedRtcp : peer.latchedRtp;
        boolean latchNow = false;
        if (latched != null) {
            if (!latched.equals(sender)) {
                drop(buf, DropReason.FOREIGN_SOURCE);
                return;
            }
        } else if (latching && peer.announced) {
            latchNow = true;
        } else {
            InetSocketAddress expected = rtcpSocket ? peer.rtcp : peer.rtp;
            if (expected == null || !expected.equals(sender)) {
                drop(buf, DropReason.FOREIGN_SOURCE);
                return;
            }
        }

        PacketTransform in = from.transform;
        if (in != null && !(rtcp ? in.unprotectRtcp(buf) : in.unprotectRtp(buf))) {
            drop(buf, DropReason.SRTP_AUTH);
            return;
        }
        // Latch only after SRTP authentication: an attacker without the keys cannot capture the stream.
        if (latchNow) {
            if (rtcpSocket) {
                peer.latchedRtcp = sender;
            } else {
                peer.latchedRtp = sender;
            }
        }

        if (!rtcp) {
            tap(buf);
        }

        // Not bridged (a prompt plays): heard and tapped, so digits are still detected, but never
        // passed on. RTCP too: its reports describe the prompt, a stream the other side never got.
        if (!from.forwarding) {
            buf.release();
            if (rtcp) {
                batchWithheldRtcp++;
            } else {
                batchWithheldRtp++;
            }
            stream.countWithheld(side);
            return;
        }

        Peer dest = to.peer;
        InetSocketAddress target = rtcp ? dest.rtcpDestination() : dest.rtpDestination();
        if (target == null) {
            drop(buf, DropReason.NO_DESTINATION);
            return;
        }
        // Symmetric RTP (RFC 4961): send from the socket the other peer sends to. Under rtcp-mux that
        // is the RTP socket for RTCP too.
        boolean viaRtcpSocket = rtcp && !dest.muxed();
        Channel out = viaRtcpSocket ? to.rtcp : to.rtp;
        if (!out.isWritable()) {
            // Send buffer full: late media is useless, so drop rather than queue without bound.
            drop(buf, DropReason.SEND_FAILED);
            return;
        }
        PacketTransform outT = to.transform;
        ByteBuf send = buf;
        if (outT != null) {
            send = rtcp ? outT.protectRtcp(buf) : outT.protectRtp(buf);
            if (send == null) {
                count(DropReason.SEND_FAILED); // already released by the transform
                return;
            }
        }
        out.write(new DatagramPacket(send, target), out.voidPromise());
        if (viaRtcpSocket) {
            flushToRtcp = true;
        } else {
            flushToRtp = true;
        }
        if (rtcp) {
            batchRtcp++;
        } else {
            batchRtp++;
        }
        stream.countRelayed(side);
    }

    private void tap(ByteBuf buf) {
        MediaTap tap = stream.tap();
        if (tap == null) {
            return;
        }
        int r = buf.readerIndex();
        int w = buf.writerIndex();
        try {
            tap.onRtp(side, buf, System.nanoTime());
        } catch (RuntimeException e) {
            // A failing recorder must not cut the call's audio.
            LOG.debug("media tap failed: {}", e.toString());
        }
        buf.setIndex(r, w); // the tap may not move the indexes we forward
    }

    private void drop(ByteBuf buf, DropReason reason) {
        buf.release();
        count(reason);
    }

    private void count(DropReason reason) {
        batchDrops[reason.ordinal()]++;
        stream.countDropped(side);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (flushToRtp) {
            flushToRtp = false;
            to.rtp.flush();
        }
        if (flushToRtcp) {
            flushToRtcp = false;
            to.rtcp.flush();
        }
        if (batchRtp + batchRtcp > 0) {
            metrics.relayed(batchRtp, batchRtcp);
            batchRtp = 0;
            batchRtcp = 0;
        }
        if (batchWithheldRtp + batchWithheldRtcp > 0) {
            metrics.withheld(batchWithheldRtp, batchWithheldRtcp);
            batchWithheldRtp = 0;
            batchWithheldRtcp = 0;
        }
        for (int i = 0; i < batchDrops.length; i++) {
            if (batchDrops[i] != 0) {
                metrics.dropped(DropReason.VALUES[i], batchDrops[i]);
                batchDrops[i] = 0;
            }
        }
    }

    /**
     * Write failures arrive here through the channel's void promise; this socket sends only what the
     * other side's peer sent. Errors are logged without addresses (STYLE #11).
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("media socket error on {} {}: {}", side, rtcpSocket ? "rtcp" : "rtp", cause.getClass().getSimpleName());
        metrics.dropped(DropReason.SEND_FAILED, 1);
        if (stream != null) {
            stream.countDropped(side.other());
        }
    }
}
