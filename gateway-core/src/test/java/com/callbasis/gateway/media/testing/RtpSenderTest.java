package com.callbasis.gateway.media.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RtpSenderTest {
    private final List<RtpPacket> packets = RtpFixture.load(RtpFixture.CALLER_PCMU).pcap().packets().subList(0, 10);
    private DatagramSocket receiver;
    private InetSocketAddress target;

    @BeforeEach
    void listen() throws Exception {
        receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        receiver.setSoTimeout(2000);
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.getLocalPort());
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    private record Received(int sourcePort, RtpPacket packet) {}

    private List<Received> receive(int expected) throws Exception {
        List<Received> out = new ArrayList<>();
        byte[] buf = new byte[2048];
        while (true) {
            DatagramPacket d = new DatagramPacket(buf, buf.length);
            try {
                receiver.setSoTimeout(out.size() < expected ? 2000 : 200); // then make sure nothing more comes
                receiver.receive(d);
            } catch (SocketTimeoutException end) {
                return out;
            }
            out.add(new Received(d.getPort(), RtpPacket.parse(d.getData(), 0, d.getLength()).orElseThrow()));
        }
    }

    private List<Integer> seqOffsets(List<RtpPacket> ps) {
        return ps.stream().map(p -> p.seq() - packets.get(0).seq()).toList();
    }

    @Test
    void deliversWithTheRequestedDropsDuplicatesAndSwaps() throws Exception {
        try (RtpSender sender = RtpSender.bind(0)) {
            RtpSender.Sent sent = sender.send(packets, target, RtpSender.Schedule.fast().dropping(2).duplicating(5).swapping(7));

            List<Received> got = receive(10);

            List<Integer> expected = List.of(0, 1, 3, 4, 5, 5, 6, 8, 7, 9);
            assertThat(seqOffsets(sent.packets())).isEqualTo(expected);
            assertThat(seqOffsets(got.stream().map(Received::packet).toList())).isEqualTo(expected);
            assertThat(got.get(0).packet()).isEqualTo(packets.get(0)); // byte for byte, payload included
            assertThat(got).allSatisfy(r -> assertThat(r.sourcePort()).isEqualTo(sender.localPort()));
            assertThat(sent.sourcePort()).isEqualTo(sender.localPort());
        }
    }

    @Test
    void foreignSourceUsesAnotherPort() throws Exception {
        try (RtpSender sender = RtpSender.bind(0)) {
            RtpSender.Sent foreign = sender.sendFromForeignSource(packets.subList(0, 3), target, RtpSender.Schedule.fast());

            List<Received> got = receive(3);

            assertThat(foreign.sourcePort()).isNotEqualTo(sender.localPort());
            assertThat(got).hasSize(3).allSatisfy(r -> assertThat(r.sourcePort()).isEqualTo(foreign.sourcePort()));
            assertThat(seqOffsets(foreign.packets())).containsExactly(0, 1, 2);
        }
    }

    @Test
    void pacedSendingTakesTwentyMillisecondsPerSlot() throws Exception {
        try (RtpSender sender = RtpSender.bind(0)) {
            long start = System.nanoTime();
            // the dropped last packet still takes its slot: 6 slots, the last sent one at 80 ms
            RtpSender.Sent sent = sender.send(packets.subList(0, 6), target, RtpSender.Schedule.paced().dropping(5));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(sent.packets()).hasSize(5);
            assertThat(elapsedMs).isBetween(80L, 5000L);
            assertThat(receive(5)).hasSize(5);
        }
    }

    @Test
    void bindsTheRequestedPort() throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            port = probe.getLocalPort();
        }
        try (RtpSender sender = RtpSender.bind(port)) {
            assertThat(sender.localPort()).isEqualTo(port);
        }
    }
}
