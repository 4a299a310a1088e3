package com.callbasis.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import com.callbasis.gateway.media.testing.G711Pcap;
import com.callbasis.gateway.media.testing.RtpFixture;
import com.callbasis.gateway.media.testing.RtpPacket;
import com.callbasis.gateway.media.testing.SampleAlignment;
import com.callbasis.gateway.media.testing.WavFile;
import com.callbasis.store.db.RecordingRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one recording a media test's call left, decrypted, and the checks the media tests share:
 * exact placement of what was sent, silence, and the stored completeness accounting.
 */
record RecordedMedia(RecordingRow row, byte[] plaintext, short[] left, short[] right, String quality) {
    static final int RATE = 8000;
    /** Samples per 20 ms G.711 packet. */
    static final int PACKET = 160;

    /** Waits (bounded) for the tenant's single sealed recording and reads it; fails when there is not exactly one. */
    static RecordedMedia only(RecordingHarness gw, String tenant) throws Exception {
        List<RecordingRow> rows = gw.awaitSealed(tenant, 1, 10_000);
        assertThat(rows).as("sealed recordings").hasSize(1);
        assertThat(gw.store.list(tenant)).as("recordings of the call, in any state").hasSize(1);
        RecordingRow row = rows.get(0);
        byte[] plain = gw.plaintext(row.id());
        WavFile wav = WavFile.parse(plain);
        assertThat(wav.sampleRate()).isEqualTo(RATE);
        assertThat(wav.channelCount()).isEqualTo(2);
        String quality = gw.store.quality(row.id()).orElseThrow(() -> new AssertionError("no quality stored")).json();
        return new RecordedMedia(row, plain, wav.channel(0), wav.channel(1), quality);
    }

    /**
     * The recording starts when the answer is relayed; RTP sent before the tap is installed is relayed
     * but not recorded. Waits (bounded) until the gate has the call's recording.
     */
    static void awaitRecordingStarted(RecordingHarness gw) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (gw.gate.activeRecordings() == 0 && System.nanoTime() < end) {
            Thread.sleep(2);
        }
        assertThat(gw.gate.activeRecordings()).as("recordings running after the answer").isEqualTo(1);
    }

    /**
     * A SIPp callee (rtp-uas) that answers one call and plays {@code fx}'s pcap; returns once it
     * listens, else the first INVITE may find SIPp not yet listening (503).
     */
    static Sipp pcapCallee(RtpFixture fx, Path dir) throws Exception {
        Sipp uas = Sipp.uas("rtp-uas", Transport.UDP, 1, dir, List.of("-key", "pcap", fx.copyPcapTo(dir).toString()));
        awaitUdpListener(uas.port);
        return uas;
    }

    /** A SIPp caller (rtp-uac) that places one call to {@code service} through the gateway and plays {@code fx}'s pcap. */
    static Sipp pcapCaller(RtpFixture fx, int gatewayPort, String service, Path dir) throws IOException {
        return Sipp.uac("rtp-uac", Transport.UDP, gatewayPort, 1, 1, dir, service,
                List.of("-key", "pcap", fx.copyPcapTo(dir).toString()));
    }

    /**
     * Waits (bounded) until something (SIPp) has bound UDP {@code port}, so that an INVITE finds it
     * rather than an ICMP port unreachable (which the gateway answers 503). Reads /proc/net/udp
     * instead of probing with a bind, which could take the port from under SIPp.
     */
    static void awaitUdpListener(int port) throws Exception {
        String hex = String.format(":%04X ", port);
        long end = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < end) {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/net/udp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 1 && (f[1] + " ").endsWith(hex)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing listens on UDP port " + port);
    }

    long frames() {
        return left.length;
    }

    /** A number of the quality JSON's {@code leg} object ({@code caller} or {@code agent}). */
    long count(String leg, String field) {
        Matcher l = Pattern.compile("\"" + leg + "\":\\{([^}]*)\\}").matcher(quality);
        assertThat(l.find()).as(leg + " in " + quality).isTrue();
        Matcher f = Pattern.compile("\"" + field + "\":(-?\\d+)").matcher(l.group(1));
        assertThat(f.find()).as(leg + "." + field + " in " + quality).isTrue();
        return Long.parseLong(f.group(1));
    }

    /** Where {@code reference} sits in {@code channel}, by exact match of a packet-sized key; fails when nowhere. */
    static SampleAlignment.Match locate(short[] reference, short[] channel, String what) {
        return SampleAlignment.find(reference, channel).orElseThrow(() -> new AssertionError(what + ": sent audio not found in the recording"));
    }

    /** The packets' G.711 payloads decoded and concatenated. */
    static short[] decode(List<RtpPacket> packets) {
        List<short[]> parts = new ArrayList<>();
        int n = 0;
        for (RtpPacket p : packets) {
            short[] s = G711Pcap.decode(p);
            parts.add(s);
            n += s.length;
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] s : parts) {
            System.arraycopy(s, 0, out, at, s.length);
            at += s.length;
        }
        return out;
    }

    /** {@code packets} with new RTP headers: this SSRC and payload type, sequence numbers and timestamps (20 ms) from these. */
    static List<RtpPacket> reheaded(List<RtpPacket> packets, long ssrc, int pt, int firstSeq, long firstTs) {
        List<RtpPacket> out = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            RtpPacket p = packets.get(i);
            out.add(new RtpPacket((firstSeq + i) & 0xFFFF, (firstTs + (long) PACKET * i) & 0xFFFFFFFFL, pt, false, ssrc, p.payload()));
        }
        return out;
    }

    /** True when {@code x[from, to)} is all zero (G.711 has no concealment here: missing audio is digital silence). */
    static boolean silent(short[] x, int from, int to) {
        for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
            if (x[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The stretches {@code [start, end)} of at least {@code minLength} frames where both channels are zero. */
    List<int[]> silentOnBoth(int minLength) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= left.length; i++) {
            boolean zero = i < left.length && left[i] == 0 && right[i] == 0;
            if (zero && start < 0) {
                start = i;
            } else if (!zero && start >= 0) {
                if (i - start >= minLength) {
                    runs.add(new int[] {start, i});
                }
                start = -1;
            }
        }
        return runs;
    }

    /** Largest absolute sample value of a channel. */
    static int peak(short[] x) {
        int peak = 0;
        for (short s : x) {
            peak = Math.max(peak, Math.abs(s));
        }
        return peak;
    }

    /** Whether {@code needle} occurs in {@code hay}. */
    static boolean containsBytes(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return "RecordedMedia[" + left.length + " frames, quality " + quality + "]";
    }
}
