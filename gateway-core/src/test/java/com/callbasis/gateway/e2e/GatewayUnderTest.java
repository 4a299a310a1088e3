package com.callbasis.gateway.e2e;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.gateway.SipServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;

/** A gateway started in-process on free ports, routing every call to one target. */
final class GatewayUnderTest implements AutoCloseable {
    final SipServer server;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    GatewayUnderTest(Transport targetTransport, int targetPort, Path dataDir) throws Exception {
        this(targetTransport, targetPort, dataDir, 0, "", "500ms");
    }

    /**
     * @param listenPort 0 for any free port
     * @param userPrefix the route's Request-URI user prefix
     * @param t1 SIP timer T1 (Timer B = 64*T1 decides how fast a silent UDP target counts as down)
     */
    GatewayUnderTest(Transport targetTransport, int targetPort, Path dataDir, int listenPort, String userPrefix, String t1) throws Exception {
        this(targetTransport, targetPort, dataDir, listenPort, userPrefix, t1, 65535, "1h");
    }

    GatewayUnderTest(Transport targetTransport, int targetPort, Path dataDir, int listenPort, String userPrefix, String t1,
                     int maxMessageSize, String maxDuration) throws Exception {
        this(targetTransport, targetPort, dataDir, listenPort, userPrefix, t1, maxMessageSize, maxDuration, "60s");
    }

    /** @param mediaTimeout {@code sip.calls.mediaTimeout}: how long an established call may pass no media */
    GatewayUnderTest(Transport targetTransport, int targetPort, Path dataDir, int listenPort, String userPrefix, String t1,
                     int maxMessageSize, String maxDuration, String mediaTimeout) throws Exception {
        String yaml = """
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: %d}
                    - {transport: tcp, address: 127.0.0.1, port: %d}
                  calls: {noAnswerTimeout: 2s, maxDuration: %s, mediaTimeout: %s}
                  timers: {t1: %s}
                  limits: {maxMessageSize: %d}
                routes:
                  - id: agents
                    match: {userPrefix: "%s"}
                    target: sip:127.0.0.1:%d;transport=%s
                http: {enabled: false}
                """.formatted(listenPort, listenPort, maxDuration, mediaTimeout, t1, maxMessageSize, userPrefix, targetPort, targetTransport.token());
        GatewayConfig cfg;
        try {
            cfg = GatewayConfigLoader.loadString(yaml, "test.yaml", dataDir);
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        server = new SipServer(cfg, registry);
        server.start();
    }

    int port(Transport t) {
        return server.port(t);
    }

    /** Waits until every call has been cleaned up, up to {@code millis}; returns the active count. */
    int awaitNoCalls(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        int n = server.activeCalls();
        while (n > 0 && System.currentTimeMillis() < end) {
            Thread.sleep(50);
            n = server.activeCalls();
        }
        return n;
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() {
        server.close();
    }
}
