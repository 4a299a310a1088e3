package com.callbasis.gateway.e2e;

import static com.callbasis.gateway.e2e.RecordedMedia.PACKET;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.RtpSender;
import com.callbasis.gateway.media.testing.SampleAlignment;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A caller whose RTP the network impairs, through the real gateway into the encrypted store: a
 * scripted caller ({@link TestUa}) sends the 1000 Hz fixture from the port it announced with packets
 * dropped, swapped with their neighbour and duplicated, while an attacker injects packets from
 * another port; a SIPp callee plays the 1400 Hz fixture. The stored accounting must name each
 * impairment exactly, and the recording must hold every packet that arrived in its own place.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MediaImpairmentTest {
    /** Not sent: a single loss and a burst of two; none at either end, where "expected" could not see it. */
    private static final Set<Integer> DROPPED = Set.of(40, 100, 101, 180);
    /** Sent twice in their slot. */
    private static final Set<Integer> DUPLICATED = Set.of(60, 61, 150);
    /** Sent after the next one: 20 ms late, well within the recorder's 60 ms reorder depth. */
    private static final Set<Integer> SWAPPED = Set.of(80, 120, 200);
    private static final int INJECTED = 50;
    /** Above anything the -10 dBFS fixtures reach; PCMU 0x00 decodes to -32124. */
    private static final int INJECTED_LEVEL = 30_000;

    @TempDir
    Path dir;

    @Test
    void lossReorderingDuplicationAndInjectionAreCountedAndEveryArrivedPacketIsInItsPlace() throws Exception {
        RtpFixture caller = RtpFixture.load(RtpFixture.CALLER_PCMU);
        RtpFixture callee = RtpFixture.load(RtpFixture.CALLEE_PCMU);
        List<RtpPacket> packets = caller.pcap().audioPackets();
        assertThat(packets).hasSize(250);
        Sipp uas = RecordedMedia.pcapCallee(callee, dir);
        try (RecordingHarness gw = new RecordingHarness(dir, uas.port, "");
             TestUa ua = TestUa.caller(gw.port());
             RtpSender phone = RtpSender.bind(0);
             RtpSender attacker = RtpSender.bind(0)) {
            TestUa.Message ok = ua.invite("100", "", TestUa.sdp(phone.localPort(), "sendrecv", 0, 8, 101));
            assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
            InetSocketAddress gateway = ok.rtpTarget();
            RecordedMedia.awaitRecordingStarted(gw);

            // The attacker starts a second into the call and sends for a second, from a port nobody announced,
            // a payload that cannot be mistaken for the fixtures' tones.
            CompletableFuture<RtpSender.Sent> injection = CompletableFuture.supplyAsync(() -> {
                try {
                    Thread.sleep(1000);
                    return attacker.sendFromForeignSource(injected(), gateway, RtpSender.Schedule.paced());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> {
                Thread t = new Thread(r, "test-attacker");
                t.setDaemon(true);
                t.start();
            });
            RtpSender.Schedule impaired = RtpSender.Schedule.paced().dropping(DROPPED.toArray(Integer[]::new))
                    .duplicating(DUPLICATED.toArray(Integer[]::new)).swapping(SWAPPED.toArray(Integer[]::new));
            RtpSender.Sent sent = phone.send(packets, gateway, impaired);
            RtpSender.Sent foreign = injection.get(20, TimeUnit.SECONDS);
            assertThat(sent.packets()).hasSize(250 - DROPPED.size() + DUPLICATED.size());
            assertThat(foreign.sourcePort()).isNotEqualTo(phone.localPort());
            assertThat(foreign.packets()).hasSize(INJECTED);

            assertThat(ua.bye().status()).isEqualTo(200);
            assertThat(uas.await()).as(uas.output()).isZero();

            RecordedMedia rec = RecordedMedia.only(gw, "acme");

            // The relay refused every injected packet at the door, and said why.
            assertThat(gw.counter("media.packets.dropped", "reason", "foreign_source")).as("foreign_source drops").isEqualTo(INJECTED);

            // The accounting names each impairment exactly.
            assertThat(rec.count("caller", "expected")).isEqualTo(250);
            assertThat(rec.count("caller", "received")).isEqualTo(250 - DROPPED.size());
            assertThat(rec.count("caller", "lost")).as("lost").isEqualTo(DROPPED.size());
            assertThat(rec.count("caller", "duplicate")).as("duplicate").isEqualTo(DUPLICATED.size());
            assertThat(rec.count("caller", "late")).as("late: the swaps were within the reorder depth").isZero();
            assertThat(rec.count("caller", "written")).isEqualTo(250 - DROPPED.size());
            assertThat(rec.count("caller", "sources")).as("the attacker's SSRC never reached the recorder").isEqualTo(1);
            assertThat(rec.count("agent", "lost")).isZero();

            // Every packet that arrived is in its own place, sample for sample (reordered ones included,
            // duplicates not doubled); the lost ones, and only those, are silence.
            short[] reference = caller.pcap().audioSamples();
            SampleAlignment.Match at = RecordedMedia.locate(reference, rec.left(), "caller");
            assertThat(at.overlap()).as("whole caller stream inside the recording").isEqualTo(reference.length);
            List<Integer> mismatched = SampleAlignment.mismatchedPackets(reference, rec.left(), at.offset(), PACKET);
            assertThat(mismatched).as("packets not reproduced exactly").containsExactlyElementsOf(new TreeSet<>(DROPPED));
            for (int p : DROPPED) {
                int from = at.offset() + p * PACKET;
                assertThat(RecordedMedia.silent(rec.left(), from, from + PACKET)).as("lost packet %d is silence", p).isTrue();
            }

            // The injected payload is nowhere in the recording, on either side.
            assertThat(RecordedMedia.peak(rec.left())).as("left peak").isLessThan(INJECTED_LEVEL);
            assertThat(RecordedMedia.peak(rec.right())).as("right peak").isLessThan(INJECTED_LEVEL);

            // And the callee, unimpaired, is whole on the right.
            short[] calleeRef = callee.pcap().audioSamples();
            SampleAlignment.Match r = RecordedMedia.locate(calleeRef, rec.right(), "callee");
            assertThat(r.matching()).as("callee samples matching exactly").isGreaterThanOrEqualTo(calleeRef.length * 99 / 100);
        } finally {
            uas.kill();
        }
    }

    /** 20 ms of PCMU 0x00 (a full-scale constant once decoded) per packet, under an SSRC of its own. */
    private static List<RtpPacket> injected() {
        List<RtpPacket> out = new ArrayList<>();
        for (int i = 0; i < INJECTED; i++) {
            out.add(new RtpPacket(40_000 + i, 7_000_000L + (long) PACKET * i, 0, i == 0, 0xBAD0BADL, new byte[PACKET]));
        }
        return out;
    }
}
