package com.callbasis.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole gateway configuration, immutable and validated: built only by {@link GatewayConfigLoader}
 * (or copied from one with the {@code with...} methods that apply command-line overrides).
 *
 * @param source the file it came from, for messages ("embedded default" for the built-in one)
 * @param tls how outbound TLS peers are verified and which client certificate the gateway offers them
 * @param recording call facts headers and recorder settings
 * @param policyFile lawful-basis policy file; empty means the shipped example policy
 * @param consentTokens the issuers whose signed consent tokens the policy engine accepts
 */
public record GatewayConfig(
        String source,
        List<SipListener> listeners,
        Optional<String> advertisedHost,
        TlsConfig tls,
        SipLimits limits,
        SipTimers timers,
        CallLimits calls,
        List<Route> routes,
        MediaConfig media,
        RecordingConfig recording,
        Path dataDir,
        HttpConfig http,
        LoggingConfig logging,
        Optional<Path> policyFile,
        ConsentTokenConfig consentTokens) {

    public GatewayConfig {
        listeners = List.copyOf(listeners);
        routes = List.copyOf(routes);
    }

    /** Replaces the address and port of every listener of one transport (command-line override). */
    public GatewayConfig withListener(Transport transport, String address, int port) {
        List<SipListener> out = new ArrayList<>();
        boolean found = false;
        for (SipListener l : listeners) {
            if (l.transport() == transport) {
                out.add(l.withEndpoint(address, port));
                found = true;
            } else {
                out.add(l);
            }
        }
        if (!found) {
            out.add(new SipListener(transport, address, port, Optional.empty(), Optional.empty()));
        }
        return new GatewayConfig(source, out, advertisedHost, tls, limits, timers, calls, routes, media, recording, dataDir, http, logging, policyFile, consentTokens);
    }

    public GatewayConfig withMedia(MediaConfig newMedia) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, timers, calls, routes, newMedia, recording, dataDir, http, logging, policyFile, consentTokens);
    }

    public GatewayConfig withRecording(RecordingConfig newRecording) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, timers, calls, routes, media, newRecording, dataDir, http, logging, policyFile, consentTokens);
    }

    public GatewayConfig withHttp(HttpConfig newHttp) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, timers, calls, routes, media, recording, dataDir, newHttp, logging, policyFile, consentTokens);
    }

    public GatewayConfig withDataDir(Path dir) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, timers, calls, routes, media, recording, dir, http, logging, policyFile, consentTokens);
    }

    public GatewayConfig withRoutes(List<Route> newRoutes) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, timers, calls, newRoutes, media, recording, dataDir, http, logging, policyFile, consentTokens);
    }

    public GatewayConfig withCalls(CallLimits newCalls) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, timers, newCalls, routes, media, recording, dataDir, http, logging, policyFile, consentTokens);
    }

    public GatewayConfig withTimers(SipTimers newTimers) {
        return new GatewayConfig(source, listeners, advertisedHost, tls, limits, newTimers, calls, routes, media, recording, dataDir, http, logging, policyFile, consentTokens);
    }
}
