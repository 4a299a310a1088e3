package com.callbasis.gateway;

import com.callbasis.config.MediaConfig;
import com.callbasis.gateway.media.MediaRelay;
import com.callbasis.gateway.media.srtp.SrtpTransform;
import com.callbasis.gateway.recording.RecordingGate;
import com.callbasis.config.GatewayConfig;
import com.callbasis.config.Transport;
import com.callbasis.gateway.b2bua.B2bua;
import com.callbasis.gateway.b2bua.Router;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.transaction.EventLoopTimerService;
import com.callbasis.gateway.sip.transaction.TransactionLayer;
import com.callbasis.gateway.sip.transport.NettySipTransport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of the gateway, assembled: listeners decode on I/O threads and hand every message to
 * one core thread where the transaction layer and the B2BUA run without locks.
 */
public final class SipServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipServer.class);

    private final DefaultEventLoop core = new DefaultEventLoop(new DefaultThreadFactory("sip-core", true));
    private final SipMetrics metrics;
    private final NettySipTransport transport;
    private final TransactionLayer layer;
    private final B2bua b2bua;
    private final MediaRelay media;

    /** A gateway that anchors media but makes no recording decisions (SIP and relay tests). */
    public SipServer(GatewayConfig config, MeterRegistry registry) {
        this(config, registry, null);
    }

    /**
     * The whole call path: SIP, media anchoring on {@code config.media()}, and, when {@code gate} is
     * not null, the policy gate and recording of every call. The gate stays the caller's to close.
     */
    public SipServer(GatewayConfig config, MeterRegistry registry, RecordingGate gate) {
        this.metrics = new SipMetrics(registry);
        SipParser parser = new SipParser(config.limits());
        this.transport = new NettySipTransport(config, parser, metrics, this::dispatch);
        this.layer = new TransactionLayer(transport, new EventLoopTimerService(core), config.timers(), metrics, core);
        layer.setAdmission(config.limits().admission());
        MediaConfig m = config.media();
        this.media = new MediaRelay(m, m.latching(), m.effectiveThreads(), registry);
        this.b2bua = new B2bua(layer, new Router(config.routes()), config.calls(), media, m.address(), gate,
                config.recording().headers().control());
        b2bua.setMaxCallsPerSource(config.limits().admission().maxCallsPerSource());
    }

    /** The media relay (ports in use, sessions), for tests and metrics. */
    public MediaRelay media() {
        return media;
    }

    private void dispatch(InboundSip in) {
        core.execute(() -> {
            try {
                layer.handle(in);
            } catch (RuntimeException e) {
                // A bug must not take the core thread down; the message is lost and counted.
                metrics.parseError("internal", false);
                LOG.error("internal error handling a {} message: {}", in.transport().token(), e.toString(), e);
            }
        });
    }

    public void start() throws Exception {
        // jitsi-srtp picks its AES implementation on first use (seconds, once per process): do it before
        // taking calls, or the first SRTP call's relay thread stalls its media for that long.
        SrtpTransform.preload();
        transport.start();
    }

    /** The bound port of a listener (useful when the configuration asked for port 0). */
    public int port(Transport t) {
        return transport.boundPort(t);
    }

    /** Active calls, read on the core thread. */
    public int activeCalls() {
        return onCore(b2bua::activeCalls);
    }

    /** Inbound TCP/TLS connections open now (bounded by {@code sip.connections}). */
    public int openConnections() {
        return transport.openConnections();
    }

    public int activeTransactions() {
        return onCore(layer::activeTransactions);
    }

    private <T> T onCore(Callable<T> c) {
        try {
            return core.submit(c).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("core thread did not answer", e);
        }
    }

    @Override
    public void close() {
        CountDownLatch done = new CountDownLatch(1);
        core.execute(() -> {
            b2bua.hangUpAll();
            done.countDown();
        });
        try {
            done.await(2, TimeUnit.SECONDS);
            Thread.sleep(200); // let the BYEs and 503s leave
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        core.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        media.close();
    }
}
