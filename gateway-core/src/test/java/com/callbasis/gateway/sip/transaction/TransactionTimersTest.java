package com.callbasis.gateway.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.SipLimits;
import com.callbasis.config.SipTimers;
import com.callbasis.config.Transport;
import com.callbasis.gateway.sip.SipMetrics;
import com.callbasis.gateway.sip.codec.InboundSip;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.message.SipRequest;
import com.callbasis.gateway.sip.message.SipResponse;
import com.callbasis.gateway.sip.transport.Destination;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 3261 s.17 timers A-K (and RFC 6026 L/M) on the test clock, T1 = 500 ms, T2 = 4 s, T4 = 5 s. */
class TransactionTimersTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 5080);
    private final ManualTimerService clock = new ManualTimerService();
    private final RecordingSender sender = new RecordingSender(clock);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> events = new ArrayList<>();
    private final List<SipRequest> received = new ArrayList<>();
    private TransactionLayer layer;
    private final ServerTransaction[] lastServerTx = new ServerTransaction[1];

    @BeforeEach
    void setUp() {
        layer = new TransactionLayer(sender, clock, SipTimers.RFC3261, new SipMetrics(registry), Runnable::run);
        layer.setTransactionUser(new TransactionUser() {
            @Override
            public void onRequest(ServerTransaction tx, SipRequest request, InboundSip source) {
                lastServerTx[0] = tx;
                received.add(request);
            }

            @Override
            public void onAck(SipRequest ack, InboundSip source) {
                events.add("tu-ack");
            }

            @Override
            public void onStrayResponse(SipResponse response, InboundSip source) {
                events.add("stray-" + response.status());
            }
        });
    }

    private final ClientTransactionListener listener = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
            events.add("response-" + response.status());
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            events.add("timeout@" + clock.nowMillis());
        }

        @Override
        public void onTransportError(ClientTransaction tx) {
            events.add("transport-error");
        }
    };

    static SipMessage parse(String text) throws Exception {
        byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        return new SipParser(SipLimits.DEFAULT).parse(b, 0, b.length);
    }

    static SipRequest request(String method, String branch) throws Exception {
        return (SipRequest) parse("""
                %s sip:agent@127.0.0.1:5080 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:5070;branch=%s
                From: <sip:a@127.0.0.1>;tag=aa
                To: <sip:b@127.0.0.1>
                Call-ID: c1@test
                CSeq: 1 %s
                Contact: <sip:a@127.0.0.1:5070>
                Max-Forwards: 70
                Content-Length: 0

                """.formatted(method, branch, method));
    }

    static SipResponse response(SipRequest req, int status) {
        return SipResponse.to(req, status, null, "bb").build();
    }

    private InboundSip in(SipMessage m, Transport t) {
        return InboundSip.ok(m, t, new InetSocketAddress("127.0.0.1", 5070), new InetSocketAddress("127.0.0.1", 5060), null);
    }

    @Test
    void nonInviteClientRetransmitsWithTimerEAndTimesOutWithTimerF() throws Exception {
        SipRequest bye = request("BYE", "z9hG4bK-e1");
        layer.newClientTransaction(bye, Destination.of(Transport.UDP, PEER), listener);
        clock.advanceMillis(40_000);
        // E doubles from T1 and caps at T2: 0, .5, 1.5, 3.5, 7.5, 11.5, ... every 4 s until F at 32 s.
        assertThat(sender.timesOf("BYE")).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
        assertThat(events).containsExactly("timeout@32000");
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void nonInviteClientStopsRetransmittingOnFinalAndEndsAfterTimerK() throws Exception {
        SipRequest bye = request("BYE", "z9hG4bK-e2");
        layer.newClientTransaction(bye, Destination.of(Transport.UDP, PEER), listener);
        clock.advanceMillis(600);
        layer.handle(in(response(bye, 200), Transport.UDP));
        layer.handle(in(response(bye, 200), Transport.UDP)); // retransmitted final: absorbed
        clock.advanceMillis(4_000);
        assertThat(sender.timesOf("BYE")).containsExactly(0L, 500L);
        assertThat(events).containsExactly("response-200");
        assertThat(layer.activeTransactions()).isEqualTo(1); // Timer K = T4 = 5 s
        clock.advanceMillis(1_000);
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void inviteClientRetransmitsWithTimerAAndTimesOutWithTimerB() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-a1");
        layer.newClientTransaction(inv, Destination.of(Transport.UDP, PEER), listener);
        clock.advanceMillis(40_000);
        assertThat(sender.timesOf("INVITE")).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        assertThat(events).containsExactly("timeout@32000");
    }

    @Test
    void inviteClientOverTcpNeverRetransmits() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-a2");
        layer.newClientTransaction(inv, Destination.of(Transport.TCP, PEER), listener);
        clock.advanceMillis(40_000);
        assertThat(sender.timesOf("INVITE")).containsExactly(0L);
        assertThat(events).containsExactly("timeout@32000");
    }

    @Test
    void inviteClientAcknowledgesNonTwoHundredInsideTheTransactionAndAbsorbsRetransmissions() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-a3");
        layer.newClientTransaction(inv, Destination.of(Transport.UDP, PEER), listener);
        layer.handle(in(response(inv, 180), Transport.UDP));
        clock.advanceMillis(10_000); // Proceeding: no more retransmissions
        layer.handle(in(response(inv, 486), Transport.UDP));
        layer.handle(in(response(inv, 486), Transport.UDP));
        assertThat(sender.timesOf("INVITE")).containsExactly(0L);
        List<RecordingSender.Sent> acks = sender.sent.stream().filter(s -> s.message().startLine().startsWith("ACK")).toList();
        assertThat(acks).hasSize(2);
        SipRequest ack = (SipRequest) acks.get(0).message();
        assertThat(ack.topVia().orElseThrow().branch()).contains("z9hG4bK-a3"); // same transaction
        assertThat(ack.to().tag()).contains("bb");
        assertThat(ack.cseq().toString()).isEqualTo("1 ACK");
        assertThat(events).containsExactly("response-180", "response-486"); // the retransmission is not passed up
        clock.advanceMillis(32_000); // Timer D
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void aCancelledInviteThatNeverGetsItsFinalResponseEndsAfterSixtyFourT1() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-c1");
        InviteClientTransaction tx = (InviteClientTransaction) layer.newClientTransaction(inv, Destination.of(Transport.UDP, PEER), listener);
        layer.handle(in(response(inv, 180), Transport.UDP)); // Proceeding: Timer B no longer runs
        clock.advanceMillis(60_000);
        tx.cancelSent(); // s.9.1: 64*T1 from the CANCEL
        clock.advanceMillis(31_999);
        assertThat(tx.isTerminated()).isFalse();
        clock.advanceMillis(1);
        assertThat(events).containsExactly("response-180", "timeout@92000");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.activeTransactions()).isZero();
        assertThat(registry.counter("sip.transactions.timeouts", "timer", "C").count()).isEqualTo(1.0);
    }

    @Test
    void aCancelledInviteAnswered487InTimeIsNotTimedOut() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-c2");
        InviteClientTransaction tx = (InviteClientTransaction) layer.newClientTransaction(inv, Destination.of(Transport.UDP, PEER), listener);
        layer.handle(in(response(inv, 180), Transport.UDP));
        tx.cancelSent();
        clock.advanceMillis(1_000);
        layer.handle(in(response(inv, 487), Transport.UDP));
        clock.advanceMillis(40_000);
        assertThat(events).containsExactly("response-180", "response-487");
        assertThat(registry.find("sip.transactions.timeouts").counter()).isNull();
    }

    @Test
    void inviteClientPassesRetransmittedTwoHundredUpWhileAccepted() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-a4");
        layer.newClientTransaction(inv, Destination.of(Transport.UDP, PEER), listener);
        layer.handle(in(response(inv, 200), Transport.UDP));
        layer.handle(in(response(inv, 200), Transport.UDP));
        assertThat(events).containsExactly("response-200", "response-200");
        clock.advanceMillis(32_000); // Timer M
        layer.handle(in(response(inv, 200), Transport.UDP));
        assertThat(events).containsExactly("response-200", "response-200", "stray-200");
    }

    @Test
    void transportErrorIsReported() throws Exception {
        sender.fail = true;
        layer.newClientTransaction(request("OPTIONS", "z9hG4bK-t1"), Destination.of(Transport.TCP, PEER), listener);
        assertThat(events).containsExactly("transport-error");
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void inviteServerSendsTryingAbsorbsRetransmissionsAndRetransmitsErrorsWithTimerG() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-s1");
        layer.handle(in(inv, Transport.UDP));
        assertThat(sender.timesOf("SIP/2.0 100")).containsExactly(0L);
        layer.handle(in(inv, Transport.UDP)); // retransmitted INVITE: the last provisional is resent, TU not called again
        assertThat(received).hasSize(1);
        assertThat(sender.timesOf("SIP/2.0 100")).containsExactly(0L, 0L);

        lastServerTx[0].respond(486, "bb");
        clock.advanceMillis(10_000);
        // G: .5, 1.5, 3.5, 7.5 (capped at T2 = 4 s) after the first send at 0
        assertThat(sender.timesOf("SIP/2.0 486")).containsExactly(0L, 500L, 1500L, 3500L, 7500L);
        SipRequest ack = (SipRequest) parse("""
                ACK sip:agent@127.0.0.1:5080 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-s1
                From: <sip:a@127.0.0.1>;tag=aa
                To: <sip:b@127.0.0.1>;tag=bb
                Call-ID: c1@test
                CSeq: 1 ACK
                Max-Forwards: 70
                Content-Length: 0

                """);
        layer.handle(in(ack, Transport.UDP));
        clock.advanceMillis(4_000);
        assertThat(sender.timesOf("SIP/2.0 486")).hasSize(5); // ACK stopped Timer G
        assertThat(events).doesNotContain("tu-ack"); // the ACK for a non-2xx stays in the transaction
        assertThat(layer.activeTransactions()).isEqualTo(1); // Timer I = T4
        clock.advanceMillis(1_000);
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void inviteServerGivesUpWithTimerHWhenNoAckComes() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-s2");
        layer.handle(in(inv, Transport.UDP));
        lastServerTx[0].respond(404, "bb");
        clock.advanceMillis(31_999);
        assertThat(layer.activeTransactions()).isEqualTo(1);
        clock.advanceMillis(1);
        assertThat(layer.activeTransactions()).isZero();
        assertThat(registry.find("sip.transactions.timeouts").tag("timer", "H").counter().count()).isEqualTo(1.0);
    }

    @Test
    void inviteServerRetransmitsTwoHundredUntilAcknowledged() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-s3");
        layer.handle(in(inv, Transport.UDP));
        InviteServerTransaction tx = (InviteServerTransaction) lastServerTx[0];
        boolean[] noAck = {false};
        tx.onNoAck(() -> noAck[0] = true);
        tx.respond(200, "bb");
        clock.advanceMillis(2_000);
        tx.acknowledged();
        clock.advanceMillis(40_000);
        assertThat(sender.timesOf("SIP/2.0 200")).containsExactly(0L, 500L, 1500L);
        assertThat(noAck[0]).isFalse();
    }

    @Test
    void inviteServerReportsAMissingAckAfterTimerL() throws Exception {
        SipRequest inv = request("INVITE", "z9hG4bK-s4");
        layer.handle(in(inv, Transport.UDP));
        InviteServerTransaction tx = (InviteServerTransaction) lastServerTx[0];
        boolean[] noAck = {false};
        tx.onNoAck(() -> noAck[0] = true);
        tx.respond(200, "bb");
        clock.advanceMillis(32_000);
        assertThat(noAck[0]).isTrue();
        assertThat(sender.timesOf("SIP/2.0 200")).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void nonInviteServerResendsItsFinalResponseAndEndsAfterTimerJ() throws Exception {
        SipRequest bye = request("BYE", "z9hG4bK-s5");
        layer.handle(in(bye, Transport.UDP));
        lastServerTx[0].respond(200, null);
        layer.handle(in(bye, Transport.UDP));
        assertThat(received).hasSize(1);
        assertThat(sender.timesOf("SIP/2.0 200")).hasSize(2);
        clock.advanceMillis(31_999);
        assertThat(layer.activeTransactions()).isEqualTo(1);
        clock.advanceMillis(1);
        assertThat(layer.activeTransactions()).isZero();
    }

    @Test
    void unparseableRequestIsAnsweredAndUnanswerableIsCounted() throws Exception {
        byte[] bad = "INVITE sip:x@y SIP/2.0\r\nVia: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 BYE\r\nMax-Forwards: 70\r\n\r\n"
                .getBytes(StandardCharsets.UTF_8);
        try {
            new SipParser(SipLimits.DEFAULT).parse(bad, 0, bad.length);
        } catch (com.callbasis.gateway.sip.message.SipParseException e) {
            layer.handle(InboundSip.failed(e, Transport.UDP, new InetSocketAddress("127.0.0.1", 5070), null, null));
        }
        assertThat(sender.sent).hasSize(1);
        assertThat(((SipResponse) sender.sent.get(0).message()).status()).isEqualTo(400);
        assertThat(registry.find("sip.parse.errors").tag("action", "answered").counter().count()).isEqualTo(1.0);
    }
}
