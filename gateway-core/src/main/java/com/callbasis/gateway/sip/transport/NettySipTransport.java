package com.callbasis.gateway.sip.transport;

import com.callbasis.config.ConnectionLimits;
import com.callbasis.config.GatewayConfig;
import com.callbasis.config.SipListener;
import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.codec.SipDatagramDecoder;
import com.callbasis.gateway.sip.codec.SipDatagramEncoder;
import com.callbasis.gateway.sip.codec.SipStreamDecoder;
import com.callbasis.gateway.sip.codec.SipStreamEncoder;
import com.callbasis.gateway.sip.codec.SipStreamFramer;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.transport.tls.TlsContexts;
import com.callbasis.gateway.sip.transport.tls.TlsHandshakeHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.DefaultAddressedEnvelope;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIP over UDP, TCP and TLS on Netty (native epoll on Linux). Decoded messages go to {@code sink};
 * outbound stream connections are opened on demand and reused per remote address (the same table
 * holds inbound connections, so replies and in-dialog requests go back over them).
 */
public final class NettySipTransport implements SipSender, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettySipTransport.class);
    /**
     * The host an outbound TLS connection's peer must prove to be (RFC 5922 s.7.2), and has once the
     * handshake is done (a failed one closes the connection); absent on inbound connections.
     */
    private static final AttributeKey<String> VERIFIED_HOST = AttributeKey.valueOf(NettySipTransport.class, "verifiedHost");

    private final GatewayConfig config;
    private final SipParser parser;
    private final SipMetrics metrics;
    private final Consumer<InboundSip> sink;
    private final EventLoopGroup group;
    private final boolean epoll;
    private final Map<Transport, Channel> listeners = new EnumMap<>(Transport.class);
    private final Map<Transport, HostPort> endpoints = new EnumMap<>(Transport.class);
    private final Map<String, Channel> connections = new ConcurrentHashMap<>();
    private final List<Channel> allChannels = new ArrayList<>();
    private SslContext clientTls;
    private final ConnectionLimiter limiter;

    public NettySipTransport(GatewayConfig config, SipParser parser, SipMetrics metrics, Consumer<InboundSip> sink) {
        this.config = config;
        this.parser = parser;
        this.metrics = metrics;
        this.sink = sink;
        this.epoll = Epoll.isAvailable();
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        this.group = epoll ? new EpollEventLoopGroup(threads) : new NioEventLoopGroup(threads);
        ConnectionLimits c = config.limits().connections();
        long fds = ConnectionBudget.processLimit();
        int max = ConnectionBudget.connections(c.max(), fds, config.media());
        if (max < c.max() && config.listeners().stream().anyMatch(l -> l.transport().isStream())) {
            // a warning only where it bites: a few thousand connections are plenty for SIP peers
            String what = "SIP stream connections limited to {} (configured {}): the descriptor limit {} must also hold the media"
                    + " range and a reserve of {}";
            if (max < ConnectionBudget.ENOUGH) {
                LOG.warn(what + "; raise `ulimit -n`", max, c.max(), fds, ConnectionBudget.RESERVE);
            } else {
                LOG.info(what, max, c.max(), fds, ConnectionBudget.RESERVE);
            }
        }
        this.limiter = new ConnectionLimiter(max, Math.min(c.maxPerSource(), max), metrics);
    }

    /** Inbound stream connections open now. */
    public int openConnections() {
        return limiter.open();
    }

    /** Binds every configured listener; fails with a clear message when a port is taken. */
    public void start() throws Exception {
        try {
            clientTls = TlsContexts.client(config.tls());
        } catch (Exception e) {
            close();
            throw new IllegalStateException("cannot set up outbound TLS (sip.tls): " + e.getMessage(), e);
        }
        for (SipListener l : config.listeners()) {
            InetSocketAddress addr = new InetSocketAddress(l.address(), l.port());
            Channel ch;
            try {
                ch = switch (l.transport()) {
                    case UDP -> bindUdp(addr);
                    case TCP -> bindStream(addr, Transport.TCP, null);
                    case TLS -> bindStream(addr, Transport.TLS, TlsContexts.server(l));
                };
            } catch (Exception e) {
                close();
                throw new IllegalStateException("cannot listen on " + l.transport().token() + " " + addr.getHostString() + ":" + l.port() + ": " + e.getMessage(), e);
            }
            allChannels.add(ch);
            InetSocketAddress bound = (InetSocketAddress) ch.localAddress();
            listeners.putIfAbsent(l.transport(), ch);
            endpoints.putIfAbsent(l.transport(), new HostPort(config.advertisedHost().orElse(l.address()), bound.getPort()));
            LOG.info("listening on {} {}:{}", l.transport().token(), l.address(), bound.getPort());
        }
    }

    private Channel bindUdp(InetSocketAddress addr) throws InterruptedException {
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // Netty reads 2 KiB datagrams by default and silently truncates longer ones; a SIP
                // datagram may be as large as UDP allows, and the decoder needs all of it to judge the size limit.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65536))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SipDatagramDecoder(parser), new SipDatagramEncoder(), new InboundHandler(Transport.UDP));
                    }
                });
        return b.bind(addr).sync().channel();
    }

    /** @param tls the listener's own context (each TLS listener has its certificate and client-certificate rule); null for TCP */
    private Channel bindStream(InetSocketAddress addr, Transport t, SslContext tls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(limiter);
                        streamPipeline(ch.pipeline(), t, tls == null ? null : tls.newHandler(ch.alloc()), false);
                    }
                });
        return b.bind(addr).sync().channel();
    }

    private void streamPipeline(ChannelPipeline p, Transport t, SslHandler tls, boolean outbound) {
        if (tls != null) {
            p.addLast(tls, new TlsHandshakeHandler(metrics, outbound));
        }
        p.addLast(new IdleStateHandler(0, 0, config.limits().connections().idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(new SipStreamFramer(config.limits(), !outbound, () -> metrics.connectionClosed("message_timeout")),
                new SipStreamDecoder(parser, t), new SipStreamEncoder(), new InboundHandler(t));
    }

    @Override
    public CompletionStage<Void> send(SipMessage message, Destination d) {
        if (d.transport() == Transport.UDP) {
            Channel ch = listeners.get(Transport.UDP);
            if (ch == null) {
                return CompletableFuture.failedFuture(new IllegalStateException("no UDP listener"));
            }
            return toStage(ch.writeAndFlush(new DefaultAddressedEnvelope<>(message, d.address())));
        }
        Optional<Channel> given = d.connection().filter(Channel::isActive);
        if (given.isPresent()) {
            return toStage(given.get().writeAndFlush(message));
        }
        Channel pooled = pooled(d);
        if (pooled != null && pooled.isActive()) {
            return toStage(pooled.writeAndFlush(message));
        }
        return connect(d).thenCompose(ch -> toStage(ch.writeAndFlush(message)));
    }

    private CompletionStage<Channel> connect(Destination d) {
        CompletableFuture<Channel> out = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        SslHandler tls = null;
                        if (d.transport() == Transport.TLS) {
                            ch.attr(VERIFIED_HOST).set(d.host());
                            tls = TlsContexts.clientHandler(clientTls, ch.alloc(), d.host(), d.address().getPort());
                        }
                        streamPipeline(ch.pipeline(), d.transport(), tls, true);
                    }
                });
        ChannelFuture f = b.connect(d.address());
        f.addListener((ChannelFutureListener) cf -> {
            if (cf.isSuccess()) {
                out.complete(cf.channel());
            } else {
                metrics.transportError();
                out.completeExceptionally(cf.cause());
            }
        });
        return out;
    }

    /**
     * The open connection that may carry a message for {@code d}. TCP connections are pooled by address.
     * A TLS connection is pooled under the host it was verified for, so that a connection authenticated
     * as one name never carries a request for another name at the same address; after its handshake it
     * also serves destinations that are IP literals, which claim no name beyond the address (in-dialog
     * requests to a peer's Contact). Inbound TLS connections, whose peers we did not verify, carry only
     * replies and requests given their connection ({@link Destination#connection()}).
     */
    private Channel pooled(Destination d) {
        String byAddress = key(d.transport(), d.address());
        if (d.transport() != Transport.TLS) {
            return connections.get(byAddress);
        }
        if (NetUtil.isValidIpV4Address(d.host()) || NetUtil.isValidIpV6Address(d.host())) {
            Channel c = connections.get(byAddress);
            if (c != null && c.attr(VERIFIED_HOST).get() != null) {
                return c;
            }
        }
        return connections.get(byName(byAddress, d.host()));
    }

    private static String byName(String addressKey, String host) {
        return addressKey + "|" + host.toLowerCase(Locale.ROOT);
    }

    /** Adds a connection to the pool under {@code k}, unless an open one is there already (it stays: it may have traffic queued). */
    private void pool(String k, Channel ch) {
        connections.merge(k, ch, (old, neu) -> old.isActive() ? old : neu);
    }

    private static CompletionStage<Void> toStage(ChannelFuture f) {
        CompletableFuture<Void> out = new CompletableFuture<>();
        f.addListener((ChannelFutureListener) cf -> {
            if (cf.isSuccess()) {
                out.complete(null);
            } else {
                out.completeExceptionally(cf.cause());
            }
        });
        return out;
    }

    @Override
    public HostPort localEndpoint(Transport transport) {
        HostPort hp = endpoints.get(transport);
        if (hp != null) {
            return hp;
        }
        // No listener of that transport (e.g. TLS out only): advertise the first listener's host.
        HostPort any = endpoints.values().iterator().next();
        return new HostPort(any.host(), transport == Transport.TLS ? 5061 : 5060);
    }

    /** The bound port of a listener (tests bind port 0). */
    public int boundPort(Transport t) {
        Channel ch = listeners.get(t);
        return ch == null ? -1 : ((InetSocketAddress) ch.localAddress()).getPort();
    }

    private static String key(Transport t, InetSocketAddress a) {
        return t.token() + "|" + a.getAddress().getHostAddress() + "|" + a.getPort();
    }

    @Override
    public void close() {
        for (Channel ch : allChannels) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        connections.values().forEach(Channel::close);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Hands messages to the core and keeps the connection table; answers framing errors and closes. */
    private final class InboundHandler extends SimpleChannelInboundHandler<Object> {
        private final Transport transport;

        InboundHandler(Transport transport) {
            this.transport = transport;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            if (transport.isStream() && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
                String verified = ctx.channel().attr(VERIFIED_HOST).get();
                // An outbound TLS connection serves its host at once (requests for it queue until the
                // handshake is done) and IP-literal destinations only once the handshake has succeeded.
                pool(verified == null ? key(transport, remote) : byName(key(transport, remote), verified), ctx.channel());
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (transport.isStream() && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
                connections.remove(key(transport, remote), ctx.channel());
                String verified = ctx.channel().attr(VERIFIED_HOST).get();
                if (verified != null) {
                    connections.remove(byName(key(transport, remote), verified), ctx.channel());
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof InboundSip in) {
                sink.accept(in);
            } else if (msg instanceof SipStreamFramer.FramingError fe) {
                Optional<SipRequest> stub = SipParser.identify(fe.head());
                metrics.parseError(fe.kind(), stub.isPresent());
                if (stub.isPresent()) {
                    SipResponse r = SipResponse.to(stub.get(), fe.status(), fe.reason(), null).build();
                    metrics.responseOut(r.status());
                    ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
                } else {
                    ctx.close();
                }
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                metrics.connectionClosed("idle");
                ctx.close();
                return;
            }
            if (evt instanceof SslHandshakeCompletionEvent hs && hs.isSuccess() && ctx.channel().attr(VERIFIED_HOST).get() != null
                    && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
                pool(key(transport, remote), ctx.channel());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Never let a socket error escape: UDP keeps serving; a broken stream is closed.
            LOG.debug("{} channel error: {}", transport.token(), cause.getClass().getSimpleName());
            if (transport.isStream()) {
                ctx.close();
            }
        }
    }
}
