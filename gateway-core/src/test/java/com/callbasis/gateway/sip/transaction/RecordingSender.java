package com.callbasis.gateway.sip.transaction;

import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.transport.Destination;
import com.callbasis.gateway.sip.transport.SipSender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Records what the transaction layer sends, with the test clock's time. */
final class RecordingSender implements SipSender {
    record Sent(long at, SipMessage message, Destination destination) {
    }

    final List<Sent> sent = new ArrayList<>();
    private final ManualTimerService clock;
    boolean fail;

    RecordingSender(ManualTimerService clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Void> send(SipMessage message, Destination destination) {
        sent.add(new Sent(clock.nowMillis(), message, destination));
        return fail ? CompletableFuture.failedFuture(new java.io.IOException("refused")) : CompletableFuture.completedFuture(null);
    }

    @Override
    public HostPort localEndpoint(Transport transport) {
        return new HostPort("127.0.0.1", 5060);
    }

    List<Long> timesOf(String startLinePrefix) {
        return sent.stream().filter(s -> s.message().startLine().startsWith(startLinePrefix)).map(Sent::at).toList();
    }
}
