package com.callbasis.gateway.media.testing;

import com.callbasis.recorder.codec.G711;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The RTP packets of a classic libpcap file (such as the fixtures written by scripts/make-rtp-fixtures,
 * or a {@code tshark -F pcap} capture; fixtures with their facts: {@link RtpFixture}) and their G.711 audio decoded with the recorder's own
 * {@link G711}, so a test compares a recording with what was sent sample for sample.
 *
 * <p>Link types: Ethernet (1), Linux cooked (113), raw IPv4 (101, 228). Only IPv4/UDP is read; every
 * UDP payload that looks like RTP version 2 is kept, whatever its ports.
 */
public final class G711Pcap {
    public static final int PCMU = 0;
    public static final int PCMA = 8;

    private final List<RtpPacket> packets;
    private final long[] timesMicros;

    private G711Pcap(List<RtpPacket> packets, long[] timesMicros) {
        this.packets = List.copyOf(packets);
        this.timesMicros = timesMicros;
    }

    public static G711Pcap read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    public static G711Pcap parse(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic == 0xD4C3B2A1 || magic == 0x4D3CB2A1) { // written big-endian
            b.order(ByteOrder.BIG_ENDIAN);
            magic = Integer.reverseBytes(magic);
        }
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            throw new IllegalArgumentException("not a classic pcap file (pcapng? save with -F pcap)");
        }
        boolean nanos = magic == 0xA1B23C4D;
        int linkType = b.getInt(20);
        int ipOffset = switch (linkType) {
            case 1 -> 14;
            case 113 -> 16;
            case 101, 228 -> 0;
            default -> throw new IllegalArgumentException("unsupported link type " + linkType);
        };
        List<RtpPacket> packets = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= file.length) {
            long sec = b.getInt(pos) & 0xFFFFFFFFL;
            long frac = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int caplen = b.getInt(pos + 8);
            int frame = pos + 16;
            pos = frame + caplen;
            if (pos > file.length) {
                break; // truncated last record, as a capture cut short leaves it
            }
            int ip = frame + ipOffset;
            boolean ethernetIpv4 = ipOffset == 0 || (file[ip - 2] == 0x08 && file[ip - 1] == 0x00);
            if (!ethernetIpv4 || caplen < ipOffset + 28 || (file[ip] & 0xF0) != 0x40 || file[ip + 9] != 17) {
                continue;
            }
            int udp = ip + 4 * (file[ip] & 0x0F);
            int udpLen = ((file[udp + 4] & 0xFF) << 8) | (file[udp + 5] & 0xFF);
            int len = Math.min(udpLen, pos - udp) - 8;
            RtpPacket.parse(file, udp + 8, len).ifPresent(p -> {
                packets.add(p);
                times.add(sec * 1_000_000 + (nanos ? frac / 1000 : frac));
            });
        }
        return new G711Pcap(packets, times.stream().mapToLong(Long::longValue).toArray());
    }

    /** Every RTP packet in file order, telephone-events included. */
    public List<RtpPacket> packets() {
        return packets;
    }

    /** The packets whose payload type is PCMU or PCMA. */
    public List<RtpPacket> audioPackets() {
        return packets.stream().filter(G711Pcap::isAudio).toList();
    }

    /** Capture time of each packet of {@link #packets()}, in microseconds since the epoch. */
    public long[] captureTimesMicros() {
        return timesMicros.clone();
    }

    /** The audio payloads decoded and concatenated in file order (gaps closed up). */
    public short[] audioSamples() {
        List<RtpPacket> audio = audioPackets();
        short[] out = new short[audio.stream().mapToInt(p -> p.payload().length).sum()];
        int n = 0;
        for (RtpPacket p : audio) {
            short[] s = decode(p);
            System.arraycopy(s, 0, out, n, s.length);
            n += s.length;
        }
        return out;
    }

    /**
     * The audio placed by RTP timestamp (8 kHz: one sample per tick) from the first audio packet on,
     * zeros where no audio was sent (a DTMF event's slots); timestamps wrap modulo 2^32.
     */
    public short[] audioSamplesOnTimeline() {
        List<RtpPacket> audio = audioPackets();
        if (audio.isEmpty()) {
            return new short[0];
        }
        long base = audio.get(0).timestamp();
        int length = 0;
        for (RtpPacket p : audio) {
            length = (int) Math.max(length, ((p.timestamp() - base) & 0xFFFFFFFFL) + p.payload().length);
        }
        short[] out = new short[length];
        for (RtpPacket p : audio) {
            short[] s = decode(p);
            System.arraycopy(s, 0, out, (int) ((p.timestamp() - base) & 0xFFFFFFFFL), s.length);
        }
        return out;
    }

    /** One packet's G.711 payload as 16-bit samples. */
    public static short[] decode(RtpPacket p) {
        if (!isAudio(p)) {
            throw new IllegalArgumentException("not G.711: " + p);
        }
        byte[] payload = p.payload();
        short[] out = new short[payload.length];
        for (int i = 0; i < payload.length; i++) {
            out[i] = p.payloadType() == PCMU ? G711.ulawToLinear(payload[i]) : G711.alawToLinear(payload[i]);
        }
        return out;
    }

    private static boolean isAudio(RtpPacket p) {
        return p.payloadType() == PCMU || p.payloadType() == PCMA;
    }
}
