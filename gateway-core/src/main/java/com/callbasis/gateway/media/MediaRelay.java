package com.callbasis.gateway.media;

import com.callbasis.config.MediaConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media anchoring data plane: owns the RTP port range and the event loops that relay RTP/RTCP
 * (RFC 3550) between the two legs of each call. The SIP core opens one {@link MediaSession} per call.
 *
 * <p>Linux only: it needs Netty's native epoll transport, which sends a flushed batch of datagrams
 * with one {@code sendmmsg} and reads without the NIO selector's per-packet garbage.
 */
public final class MediaRelay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaRelay.class);
    /**
     * Receive buffer per datagram. RTP over Ethernet stays under the 1500-byte MTU, SRTP adds at most a
     * few dozen bytes; anything filling the whole buffer may have been cut by the kernel and is dropped.
     */
    static final int RECV_BUFFER = 2048;
    /**
     * Receive buffer per socket: about 40 datagrams of G.711 (the kernel doubles the value and charges
     * each small datagram ~800 bytes), 0.8 s of a 20 ms stream. Enough to ride out a collector pause;
     * small enough that an overloaded relay drops stale audio instead of delivering it seconds late
     * (256 KiB held 630 datagrams, 12 s).
     */
    static final int RECEIVE_BUFFER = 16 * 1024;
    /** Send buffer: room for a loop's flushed batch to one peer. */
    private static final int SEND_BUFFER = 256 * 1024;
    /** DSCP EF (RFC 4594 s.4.1: telephony), so networks that honour it prioritise the media. */
    private static final int TOS_EF = 0xB8;
    private static final long BIND_WAIT_MILLIS = 5000;

    private final InetAddress address;
    private final boolean latching;
    private final PortAllocator ports;
    private final EpollEventLoopGroup group;
    private final Bootstrap template;
    private final RelayMetrics metrics;
    /** One prompt clock per event loop; filled in the constructor, read-only after. */
    private final Map<EventLoop, PromptTicker> tickers = new IdentityHashMap<>();
    private final Set<MediaSession> sessions = ConcurrentHashMap.newKeySet();
    private boolean closed; // guarded by this

    /**
     * Binds nothing yet; starts {@code threads} epoll event loops.
     *
     * @param latching accept the first source that sends after each {@code setRemote} instead of only
     *     the announced address; needed for peers behind NAT, weaker against injection
     * @throws IllegalStateException when the native epoll transport is not available
     * @throws IllegalArgumentException when the address is not an IP literal or the port range holds no pair
     */
    public MediaRelay(MediaConfig config, boolean latching, int threads, MeterRegistry registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        if (threads < 1) {
            throw new IllegalArgumentException("media relay needs at least one event loop, got " + threads);
        }
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("media relay needs Netty's native epoll transport (Linux x86_64): "
                    + Epoll.unavailabilityCause(), Epoll.unavailabilityCause());
        }
        // An IP literal only: a host name would be resolved here, once, and possibly to the wrong interface.
        this.address = NetUtil.createInetAddressFromIpAddressString(config.address());
        if (address == null) {
            throw new IllegalArgumentException("media address must be an IP literal, got '" + config.address() + "'");
        }
        this.latching = latching;
        this.ports = new PortAllocator(config.portMin(), config.portMax());
        this.metrics = new RelayMetrics(registry, this);
        this.group = new EpollEventLoopGroup(threads, new DefaultThreadFactory("media-relay"));
        for (EventExecutor e : group) {
            tickers.put((EventLoop) e, new PromptTicker((EventLoop) e, metrics));
        }
        // A socket of the address's own family: bound to an IPv4 address a dual-stack socket can only
        // reach IPv4 peers anyway, and Netty would map every destination to IPv6 form (an allocation per packet).
        InternetProtocolFamily family = address instanceof Inet4Address ? InternetProtocolFamily.IPv4 : InternetProtocolFamily.IPv6;
        this.template = new Bootstrap()
                .channelFactory(() -> new EpollDatagramChannel(family))
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SEND_BUFFER)
                .option(ChannelOption.IP_TOS, TOS_EF)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(RECV_BUFFER));
        LOG.info("media relay started: {} loop(s), {} port pairs, latching {}", threads, ports.capacityPairs(), latching ? "on" : "off");
    }

    /**
     * A new session for one call, pinned to one event loop (loops are handed out round-robin).
     * Thread-safe.
     *
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized MediaSession open() {
        if (closed) {
            throw new IllegalStateException("media relay closed");
        }
        EventLoop loop = group.next();
        MediaSession s = new MediaSession(this, loop, tickers.get(loop));
        sessions.add(s);
        return s;
    }

    public int activeSessions() {
        return sessions.size();
    }

    /** Ports (RTP and RTCP) currently allocated from the range. */
    public int portsInUse() {
        return ports.portsInUse();
    }

    /** Closes every session (returning all ports) and stops the event loops. Idempotent. */
    @Override
    public void close() {
        List<MediaSession> open;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            open = new ArrayList<>(sessions);
        }
        open.forEach(MediaSession::close);
        metrics.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    PortAllocator ports() {
        return ports;
    }

    void sessionClosed(MediaSession s) {
        sessions.remove(s);
    }

    /** Binds the RTP/RTCP sockets facing {@code side} on {@code loop}, skipping ports others hold. */
    Leg bindLeg(EventLoop loop, Side side) throws MediaException {
        return ports.allocate(port -> {
            RelayHandler hRtp = new RelayHandler(side, false, latching, RECV_BUFFER, metrics);
            RelayHandler hRtcp = new RelayHandler(side, true, latching, RECV_BUFFER, metrics);
            Channel rtp = bind(loop, port, hRtp);
            Channel rtcp;
            try {
                rtcp = bind(loop, port + 1, hRtcp);
            } catch (Exception e) {
                rtp.close().awaitUninterruptibly(BIND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
                throw e;
            }
            return new Leg(side, new InetSocketAddress(address, port), rtp, rtcp, hRtp, hRtcp);
        });
    }

    private Channel bind(EventLoop loop, int port, RelayHandler handler) throws Exception {
        ChannelFuture f = template.clone(loop).handler(handler).bind(new InetSocketAddress(address, port));
        if (!f.awaitUninterruptibly(BIND_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            f.channel().close();
            throw new IOException("binding media port " + port + " timed out");
        }
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            throw c instanceof Exception e ? e : new IOException(c);
        }
        return f.channel();
    }
}
