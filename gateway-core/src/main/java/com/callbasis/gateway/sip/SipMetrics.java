package com.callbasis.gateway.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIP meters on an injected registry (STYLE #7). Requests and responses are separate meters because
 * Prometheus requires one set of tag keys per name. Tags are bounded: methods outside a known set are
 * tagged "other", statuses by class; never a number, URI or Call-ID.
 */
public final class SipMetrics {
    private static final java.util.Set<String> METHODS = java.util.Set.of(
            "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "UPDATE", "INFO", "PRACK", "REGISTER", "SUBSCRIBE", "NOTIFY", "MESSAGE", "REFER");
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public SipMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join(",", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    public static String methodTag(String method) {
        return METHODS.contains(method) ? method : "other";
    }

    public void requestIn(String method) {
        counter("sip.requests.in", "method", methodTag(method)).increment();
    }

    public void responseIn(int status) {
        counter("sip.responses.in", "status", (status / 100) + "xx").increment();
    }

    public void requestOut(String method) {
        counter("sip.requests.out", "method", methodTag(method)).increment();
    }

    public void responseOut(int status) {
        counter("sip.responses.out", "status", (status / 100) + "xx").increment();
    }

    public void retransmission(String side) {
        counter("sip.retransmissions", "side", side).increment();
    }

    public void parseError(String kind, boolean answered) {
        counter("sip.parse.errors", "kind", kind, "action", answered ? "answered" : "dropped").increment();
    }

    public void transactionCreated(String type) {
        counter("sip.transactions", "type", type).increment();
    }

    public void transactionTimeout(String timer) {
        counter("sip.transactions.timeouts", "timer", timer).increment();
    }

    public void transportError() {
        counter("sip.transport.errors").increment();
    }

    /**
     * A TLS handshake that did not complete: {@code direction} is inbound (a peer connected to us) or
     * outbound; {@code reason} is one of {@code TlsFailure}'s few values, never a host or a name.
     */
    public void tlsHandshakeFailed(String direction, String reason) {
        counter("sip.tls.handshake.failed", "direction", direction, "reason", reason).increment();
    }

    public void callEnded(String result) {
        counter("sip.calls.ended", "result", result).increment();
    }

    /** An inbound stream connection closed at once: {@code total} or {@code per_source} limit reached. */
    public void connectionRefused(String reason) {
        counter("sip.connections.refused", "reason", reason).increment();
    }

    /** A stream connection the gateway closed: {@code message_timeout} or {@code idle}. */
    public void connectionClosed(String reason) {
        counter("sip.connections.closed", "reason", reason).increment();
    }

    /** A new call refused by {@code sip.admission} with a stateless 503: {@code rate} or {@code sources}. */
    public void callRefused(String reason) {
        counter("sip.calls.refused", "reason", reason).increment();
    }
}
