package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import java.nio.file.Path;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 2: after the ring timeout the gateway answers the caller 408 and CANCELs the callee;
 * a callee that never sends the 487 the CANCEL asks for kept the call, its four media ports and its
 * INVITE client transaction for ever. RFC 3261 s.9.1 bounds the wait at 64*T1. Real UDP sockets: a
 * scripted caller and a callee that only rings ({@code noAnswerTimeout} 2 s, T1 50 ms, so 3.2 s).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnansweredCancelTest {
    private static final String T1 = "50ms";
    /** 64*T1 and slack for a busy machine. */
    private static final long CANCEL_BOUND_MILLIS = 64 * 50 + 5_000;

    @TempDir
    Path work;

    @Test
    void aCalleeThatIgnoresTheCancelStillEndsTheCall() throws Exception {
        ringOutAndExpectTheCallToEnd(TestUa.CancelReply.IGNORE);
    }

    @Test
    void aCalleeThatNeverSends487StillEndsTheCall() throws Exception {
        ringOutAndExpectTheCallToEnd(TestUa.CancelReply.OK_WITHOUT_487);
    }

    private void ringOutAndExpectTheCallToEnd(TestUa.CancelReply cancelReply) throws Exception {
        try (TestUa callee = TestUa.ringingCallee(cancelReply);
             GatewayUnderTest gw = new GatewayUnderTest(Transport.UDP, callee.port(), work, 0, "", T1);
             TestUa caller = TestUa.caller(gw.port(Transport.UDP))) {
            FutureTask<TestUa.Message> call = new FutureTask<>(() -> caller.invite("100", "", TestUa.sdp(40_000, "sendrecv", 0)));
            new Thread(call, "caller").start();
            assertThat(callee.awaitRequests("INVITE", 1)).hasSize(1);
            assertThat(gw.server.media().portsInUse()).isEqualTo(4); // caller- and callee-facing RTP/RTCP
            TestUa.Message answer = call.get(10, TimeUnit.SECONDS);

            assertThat(answer.status()).isEqualTo(408); // the ring timeout, as before
            assertThat(callee.awaitRequests("CANCEL", 1)).isNotEmpty();
            // The caller has its final answer: the call's four ports go within a second, not with the call.
            assertThat(await(() -> gw.server.media().portsInUse(), 1_000)).isZero();
            assertThat(gw.awaitNoCalls(CANCEL_BOUND_MILLIS)).isZero();
            assertThat(gw.server.media().portsInUse()).isZero();
            assertThat(gw.counter("sip.calls.ended", "result", "no_answer")).isEqualTo(1.0);
            assertThat(gw.counter("sip.transactions.timeouts", "timer", "C")).isEqualTo(1.0);
            // The INVITE transactions are gone too; only wait states of at most 64*T1 remain, then nothing.
            assertThat(await(() -> gw.server.activeTransactions(), CANCEL_BOUND_MILLIS)).isZero();
        }
    }

    /** Polls {@code value} until it is 0 or {@code millis} have passed; returns the last value. */
    private static int await(IntSupplier value, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        int v = value.getAsInt();
        while (v != 0 && System.nanoTime() < end) {
            Thread.sleep(20);
            v = value.getAsInt();
        }
        return v;
    }
}
