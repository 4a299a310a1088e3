package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Real SIPp caller and callee through the running gateway, over UDP and TCP. SIPp exits 0 only when
 * every call followed its scenario (including the responses it must see), so each test checks both
 * SIPp processes and that the gateway cleaned every call up.
 */
class SippEndToEndTest {
    @TempDir
    Path work;

    private void run(Transport t, String uacScenario, String uasScenario, int calls, int rate) throws Exception {
        Sipp uas = Sipp.uas(uasScenario, t, calls, work);
        try (GatewayUnderTest gw = new GatewayUnderTest(t, uas.port, work)) {
            Thread.sleep(300); // let SIPp bind
            Sipp uac = Sipp.uac(uacScenario, t, gw.port(t), calls, rate, work);
            int uacExit = uac.await();
            int uasExit = uas.await();
            assertThat(uacExit).as("caller SIPp exit code; output:%n%s%ncallee output:%n%s", uac.output(), uas.output()).isZero();
            assertThat(uasExit).as("callee SIPp exit code; output:%n%s", uas.output()).isZero();
            assertThat(gw.awaitNoCalls(3000)).as("calls left active in the gateway").isZero();
        } finally {
            uas.kill();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void basicCallCallerHangsUp(Transport t) throws Exception {
        run(t, "uac-basic", "uas-answer", 1, 1);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void calleeHangsUp(Transport t) throws Exception {
        run(t, "uac-wait-bye", "uas-bye", 1, 1);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void cancelBeforeAnswer(Transport t) throws Exception {
        run(t, "uac-cancel", "uas-ring-until-cancel", 1, 1);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void busyIsRelayed(Transport t) throws Exception {
        run(t, "uac-expect-486", "uas-busy", 1, 1);
    }

    /** The callee rings for ever: after the 2 s ring timeout the caller gets 408 and the callee a CANCEL. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void noAnswerTimesOutWith408(Transport t) throws Exception {
        run(t, "uac-expect-408", "uas-ring-until-cancel", 1, 1);
    }

    /** Hold (a=sendonly) and unhold (a=sendrecv) by re-INVITE reach the callee, and its answers come back. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void reInviteHoldAndUnhold(Transport t) throws Exception {
        run(t, "uac-hold", "uas-hold", 1, 1);
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void fiftyCallsAtTwentyPerSecond(Transport t) throws Exception {
        run(t, "uac-basic", "uas-answer", 50, 20);
    }

    /** The callee's 200 crosses the gateway's CANCEL: the caller still gets 487, the callee an ACK and a BYE. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void cancelRacingTwoHundred(Transport t) throws Exception {
        run(t, "uac-cancel", "uas-answer-despite-cancel", 1, 1);
    }

    /** Nothing listens at the target: 503 (at once on TCP; after Timer B, here 64 x 20 ms, on UDP). */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void targetDownGives503(Transport t) throws Exception {
        int nobody = Sipp.freePort();
        try (GatewayUnderTest gw = new GatewayUnderTest(t, nobody, work, 0, "", "20ms")) {
            Sipp uac = Sipp.uac("uac-expect-503", t, gw.port(t), 1, 1, work);
            assertThat(uac.await()).as("caller SIPp; output:%n%s", uac.output()).isZero();
            assertThat(gw.awaitNoCalls(3000)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void noMatchingRouteGives404(Transport t) throws Exception {
        try (GatewayUnderTest gw = new GatewayUnderTest(t, Sipp.freePort(), work, 0, "99", "500ms")) {
            Sipp uac = Sipp.uac("uac-expect-404", t, gw.port(t), 1, 1, work);
            assertThat(uac.await()).as("caller SIPp; output:%n%s", uac.output()).isZero();
            assertThat(gw.counter("sip.calls.ended", "result", "no_route")).isEqualTo(1.0);
        }
    }

    /** A route that points back at the gateway: the returning INVITE carries our own Via branch. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void routingLoopGives482(Transport t) throws Exception {
        int self = Sipp.freePort();
        try (GatewayUnderTest gw = new GatewayUnderTest(t, self, work, self, "", "500ms")) {
            Sipp uac = Sipp.uac("uac-expect-482", t, gw.port(t), 1, 1, work);
            assertThat(uac.await()).as("caller SIPp; output:%n%s", uac.output()).isZero();
            assertThat(gw.awaitNoCalls(3000)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void optionsAnsweredLocally(Transport t) throws Exception {
        try (GatewayUnderTest gw = new GatewayUnderTest(t, Sipp.freePort(), work)) {
            Sipp uac = Sipp.uac("uac-options", t, gw.port(t), 3, 10, work);
            assertThat(uac.await()).as("caller SIPp; output:%n%s", uac.output()).isZero();
            assertThat(gw.counter("sip.requests.out", "method", "OPTIONS")).isZero();
            assertThat(gw.counter("sip.requests.in", "method", "OPTIONS")).isEqualTo(3.0);
        }
    }

    /** INFO (with a DTMF body) and UPDATE in the dialog reach the callee; its answers come back with their bodies. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void infoAndUpdateAreRelayed(Transport t) throws Exception {
        run(t, "uac-info-update", "uas-info-update", 1, 1);
    }

    /** In-dialog requests towards a caller behind a record-routing proxy follow its route set. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void byeFollowsTheRouteSet(Transport t) throws Exception {
        run(t, "uac-rr-wait-bye", "uas-bye", 1, 1);
    }

    /** A call whose BYE never comes is ended at the configured maximum duration: both legs get a BYE. */
    @ParameterizedTest
    @EnumSource(value = Transport.class, names = {"UDP", "TCP"})
    void maxDurationHangsUpBothLegs(Transport t) throws Exception {
        Sipp uas = Sipp.uas("uas-answer", t, 1, work);
        try (GatewayUnderTest gw = new GatewayUnderTest(t, uas.port, work, 0, "", "500ms", 65535, "2s")) {
            Sipp uac = Sipp.uac("uac-wait-bye", t, gw.port(t), 1, 1, work);
            assertThat(uac.await()).as("caller; output:%n%s", uac.output()).isZero();
            assertThat(uas.await()).as("callee; output:%n%s", uas.output()).isZero();
            assertThat(gw.awaitNoCalls(3000)).isZero();
            assertThat(gw.counter("sip.calls.ended", "result", "max_duration")).isEqualTo(1.0);
        } finally {
            uas.kill();
        }
    }
}
