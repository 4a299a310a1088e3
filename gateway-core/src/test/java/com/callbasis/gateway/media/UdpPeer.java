package com.callbasis.gateway.media;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A phone on 127.0.0.1 for relay tests: one plain UDP socket with bounded receives. */
final class UdpPeer implements AutoCloseable {
    static final InetAddress LO = InetAddress.getLoopbackAddress();
    private final DatagramSocket socket;

    UdpPeer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(LO, 0));
        socket.setSoTimeout(3000);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(LO, socket.getLocalPort());
    }

    void send(byte[] data, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    void send(byte[] data, int port) throws IOException {
        send(data, new InetSocketAddress(LO, port));
    }

    /** The next datagram, or an AssertionError after 3 s: every test wait is bounded. */
    Received receive() throws IOException {
        byte[] buf = new byte[4096];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no datagram within 3 s on port " + socket.getLocalPort());
        }
        return new Received(Arrays.copyOf(buf, p.getLength()), (InetSocketAddress) p.getSocketAddress());
    }

    /** Receives until nothing has arrived for {@code quietMillis}; returns how many datagrams came. */
    int drain(int quietMillis) throws IOException {
        int n = 0;
        socket.setSoTimeout(quietMillis);
        try {
            byte[] buf = new byte[4096];
            while (true) {
                socket.receive(new DatagramPacket(buf, buf.length));
                n++;
            }
        } catch (SocketTimeoutException e) {
            return n;
        } finally {
            socket.setSoTimeout(3000);
        }
    }

    @Override
    public void close() {
        socket.close();
    }

    record Received(byte[] data, InetSocketAddress from) {
    }

    /** RTP version 2, payload type 0, with {@code seq} and a recognisable payload (RFC 3550 s.5.1). */
    static byte[] rtp(int seq, int payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadLength);
        b.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(0x11223344);
        for (int i = 0; i < payloadLength; i++) {
            b.put((byte) (seq + i));
        }
        return b.array();
    }

    /** A receiver report without report blocks: the smallest valid RTCP packet (RFC 3550 s.6.4.2). */
    static byte[] rtcpRr(int ssrc) {
        return ByteBuffer.allocate(8).put((byte) 0x80).put((byte) 201).putShort((short) 1).putInt(ssrc).array();
    }
}
