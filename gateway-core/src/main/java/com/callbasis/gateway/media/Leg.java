package com.callbasis.gateway.media;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * One side of a stream: the gateway's RTP and RTCP sockets facing that side's peer, and what is known
 * about the peer. The {@code volatile} fields are written by the SIP core and read on the loop.
 */
final class Leg {
    final Side side;
    final int rtpPort;
    final InetSocketAddress localRtp;
    final Channel rtp;
    final Channel rtcp;
    final RelayHandler rtpHandler;
    final RelayHandler rtcpHandler;
    volatile Peer peer = Peer.unannounced();
    volatile PacketTransform transform;
    /** Whether what this side's peer sends goes on to the other side; false while a prompt plays. */
    volatile boolean forwarding = true;

    Leg(Side side, InetSocketAddress localRtp, Channel rtp, Channel rtcp, RelayHandler rtpHandler, RelayHandler rtcpHandler) {
        this.side = side;
        this.rtpPort = localRtp.getPort();
        this.localRtp = localRtp;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.rtpHandler = rtpHandler;
        this.rtcpHandler = rtcpHandler;
    }
}
