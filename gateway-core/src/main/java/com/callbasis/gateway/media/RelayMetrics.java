package com.callbasis.gateway.media;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The relay's meters on the injected registry (STYLE #7). Tags are bounded enums; addresses, ports and
 * call identifiers never become tags. Counters are bumped in batches per socket read (see
 * {@link RelayHandler}) so a busy loop does not touch shared adders for every packet.
 */
final class RelayMetrics {
    private final MeterRegistry registry;
    private final Counter relayedRtp;
    private final Counter relayedRtcp;
    private final Counter[] dropped = new Counter[DropReason.VALUES.length];
    private final Counter withheldRtp;
    private final Counter withheldRtcp;
    /** By {@link PromptTicker} result index. */
    private final Counter[] promptFrames = new Counter[PromptTicker.RESULTS];
    private final AtomicInteger playbacks = new AtomicInteger();
    private final List<Meter> gauges;

    RelayMetrics(MeterRegistry registry, MediaRelay relay) {
        this.registry = registry;
        this.relayedRtp = Counter.builder("media.packets.relayed").tag("kind", "rtp")
                .description("RTP packets forwarded to the other side").register(registry);
        this.relayedRtcp = Counter.builder("media.packets.relayed").tag("kind", "rtcp")
                .description("RTCP packets forwarded to the other side").register(registry);
        for (DropReason r : DropReason.VALUES) {
            dropped[r.ordinal()] = Counter.builder("media.packets.dropped").tag("reason", r.tag)
                    .description("RTP/RTCP packets discarded by the relay").register(registry);
        }
        this.withheldRtp = Counter.builder("media.packets.withheld").tag("kind", "rtp")
                .description("RTP packets accepted but not forwarded while the side was not bridged (a prompt)").register(registry);
        this.withheldRtcp = Counter.builder("media.packets.withheld").tag("kind", "rtcp")
                .description("RTCP packets accepted but not forwarded while the side was not bridged (a prompt)").register(registry);
        // Each frame whose time came is counted once: sent on time, late (sent too, over 5 ms after its
        // due time), or not sent for want of a destination or because the socket or SRTP refused it.
        String[] results = {"sent", "late", "no_destination", "send_failed"};
        for (int i = 0; i < results.length; i++) {
            promptFrames[i] = Counter.builder("prompt.frames").tag("result", results[i])
                    .description("Prompt frames the gateway itself sent (result sent or late) or could not send").register(registry);
        }
        this.gauges = List.of(
                Gauge.builder("prompt.playbacks.active", playbacks, AtomicInteger::get)
                        .description("Prompts being played by the gateway").register(registry),
                Gauge.builder("media.sessions.active", relay, MediaRelay::activeSessions)
                        .description("Open media sessions (calls with anchored media)").register(registry),
                Gauge.builder("media.ports.in_use", relay, MediaRelay::portsInUse)
                        .description("UDP ports (RTP and RTCP) allocated from the media range").register(registry));
    }

    void relayed(long rtp, long rtcp) {
        if (rtp > 0) {
            relayedRtp.increment(rtp);
        }
        if (rtcp > 0) {
            relayedRtcp.increment(rtcp);
        }
    }

    void dropped(DropReason reason, long n) {
        if (n > 0) {
            dropped[reason.ordinal()].increment(n);
        }
    }

    void withheld(long rtp, long rtcp) {
        if (rtp > 0) {
            withheldRtp.increment(rtp);
        }
        if (rtcp > 0) {
            withheldRtcp.increment(rtcp);
        }
    }

    /** Adds and clears one tick's counts, indexed like {@link PromptTicker#SENT} and its siblings. */
    void promptFrames(long[] byResult) {
        for (int i = 0; i < byResult.length; i++) {
            if (byResult[i] != 0) {
                promptFrames[i].increment(byResult[i]);
                byResult[i] = 0;
            }
        }
    }

    void promptStarted() {
        playbacks.incrementAndGet();
    }

    void promptEnded() {
        playbacks.decrementAndGet();
    }

    /** Gauges point at the relay; a closed relay must not keep reporting (or be kept alive by) them. */
    void close() {
        gauges.forEach(registry::remove);
    }
}
