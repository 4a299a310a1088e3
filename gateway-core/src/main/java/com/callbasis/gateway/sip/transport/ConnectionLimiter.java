package com.callbasis.gateway.sip.transport;

import com.callbasis.gateway.sip.RateLimitedWarning;
import com.callbasis.gateway.sip.SipMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps inbound stream connections in total and per source address: the first handler of every
 * accepted connection, which closes a connection over a cap at once, before it holds any buffer.
 * Without it 20,000 idle connections used up the process's descriptors and every call failed
 * (issue 12, item 1). Shared by every stream listener of one transport instance.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final AttributeKey<InetAddress> COUNTED = AttributeKey.valueOf(ConnectionLimiter.class, "counted");

    private final int max;
    private final int maxPerSource;
    private final SipMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perSource = new ConcurrentHashMap<>();
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG, 10_000);

    ConnectionLimiter(int max, int maxPerSource, SipMetrics metrics) {
        this.max = max;
        this.maxPerSource = maxPerSource;
        this.metrics = metrics;
        metrics.registry().gauge("sip.connections.open", open);
    }

    int open() {
        return open.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress source = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        String refused = acquire(source);
        if (refused != null) {
            metrics.connectionRefused(refused);
            warning.warn("SIP connection refused: {} connection limit reached ({} open)", refused.replace('_', ' '), open.get());
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(source);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        InetAddress source = ctx.channel().attr(COUNTED).getAndSet(null);
        if (source != null) {
            release(source);
        }
        ctx.fireChannelInactive();
    }

    /** Null when the connection may stay; else the limit it hit. */
    private String acquire(InetAddress source) {
        if (source == null) {
            return "total"; // not an IP connection: never expected on a SIP listener
        }
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return "total";
        }
        AtomicInteger n = perSource.computeIfAbsent(source, k -> new AtomicInteger());
        if (n.incrementAndGet() > maxPerSource) {
            n.decrementAndGet();
            open.decrementAndGet();
            return "per_source";
        }
        return null;
    }

    private void release(InetAddress source) {
        open.decrementAndGet();
        perSource.computeIfPresent(source, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
}
