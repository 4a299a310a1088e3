package com.callbasis.gateway.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void pairsAreEvenRtpWithOddRtcpInsideTheRange() throws Exception {
        PortAllocator a = new PortAllocator(30000, 30009);
        assertThat(a.capacityPairs()).isEqualTo(5);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            int p = take(a);
            assertThat(p % 2).isZero();
            assertThat(p).isBetween(30000, 30008);
            assertThat(seen.add(p)).isTrue();
        }
        assertThat(a.portsInUse()).isEqualTo(10);
    }

    @Test
    void oddPortMinStartsAtTheNextEvenPortAndLastPairMustFit() throws Exception {
        PortAllocator a = new PortAllocator(30001, 30006); // pairs 30002/3, 30004/5; 30006 has no 30007
        assertThat(a.capacityPairs()).isEqualTo(2);
        List<Integer> got = List.of(take(a), take(a));
        assertThat(got).containsExactlyInAnyOrder(30002, 30004);
    }

    @Test
    void rangeWithoutAPairIsRejected() {
        assertThatThrownBy(() -> new PortAllocator(30001, 30002)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortAllocator(30000, 30000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortAllocator(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortAllocator(40000, 30000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PortAllocator(65534, 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exhaustionThrowsAndReleaseMakesThePairReusable() throws Exception {
        PortAllocator a = new PortAllocator(30000, 30003);
        int p1 = take(a);
        int p2 = take(a);
        assertThatThrownBy(() -> take(a)).isInstanceOf(MediaException.class).hasMessageContaining("exhausted");
        a.release(p1);
        assertThat(a.portsInUse()).isEqualTo(2);
        assertThat(take(a)).isEqualTo(p1);
        assertThat(p2).isNotEqualTo(p1);
    }

    @Test
    void freedPairIsReusedLastNotFirst() throws Exception {
        PortAllocator a = new PortAllocator(30000, 30005);
        int first = take(a);
        a.release(first);
        // Late packets of the finished call must not reach the next one: other pairs come first.
        assertThat(take(a)).isNotEqualTo(first);
        assertThat(take(a)).isNotEqualTo(first);
        assertThat(take(a)).isEqualTo(first);
    }

    @Test
    void failedBindReturnsTheReservation() throws Exception {
        PortAllocator a = new PortAllocator(30000, 30001);
        assertThatThrownBy(() -> a.allocate(p -> {
            throw new java.net.BindException("in use");
        })).isInstanceOf(MediaException.class);
        assertThat(a.portsInUse()).isZero();
        assertThat(take(a)).isEqualTo(30000);
    }

    @Test
    void nonInUseBindErrorStopsTheSearchAtOnce() {
        PortAllocator a = new PortAllocator(30000, 30099);
        int[] attempts = {0};
        assertThatThrownBy(() -> a.allocate(p -> {
            attempts[0]++;
            throw new IOException("Cannot assign requested address");
        })).isInstanceOf(MediaException.class);
        assertThat(attempts[0]).isEqualTo(1);
        assertThat(a.portsInUse()).isZero();
    }

    @Test
    void releasingAnUnallocatedPortIsABug() {
        PortAllocator a = new PortAllocator(30000, 30003);
        assertThatThrownBy(() -> a.release(30000)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.release(30001)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.release(29998)).isInstanceOf(IllegalStateException.class);
    }

    /** Real sockets: a foreign process holding an RTCP port makes its whole pair unusable. */
    @Test
    void portsHeldByForeignSocketsAreSkipped() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        int base = freeEvenBase(lo, 6);
        try (DatagramSocket foreignRtp = new DatagramSocket(new InetSocketAddress(lo, base));
             DatagramSocket foreignRtcp = new DatagramSocket(new InetSocketAddress(lo, base + 3))) {
            PortAllocator a = new PortAllocator(base, base + 5);
            List<DatagramSocket[]> bound = new ArrayList<>();
            try {
                DatagramSocket[] pair = a.allocate(p -> bindPair(lo, p));
                bound.add(pair);
                assertThat(pair[0].getLocalPort()).isEqualTo(base + 4);
                assertThat(pair[1].getLocalPort()).isEqualTo(base + 5);
                assertThat(a.portsInUse()).isEqualTo(2);
                assertThatThrownBy(() -> a.allocate(p -> bindPair(lo, p)))
                        .isInstanceOf(MediaException.class).hasMessageContaining("other processes");
                assertThat(a.portsInUse()).isEqualTo(2);
            } finally {
                bound.forEach(p -> {
                    p[0].close();
                    p[1].close();
                });
            }
            assertThat(foreignRtp.getLocalPort()).isEqualTo(base);
            assertThat(foreignRtcp.getLocalPort()).isEqualTo(base + 3);
        }
    }

    private static int take(PortAllocator a) throws MediaException {
        return a.<Integer>allocate(p -> p);
    }

    private static DatagramSocket[] bindPair(InetAddress lo, int port) throws IOException {
        DatagramSocket rtp = new DatagramSocket(new InetSocketAddress(lo, port));
        try {
            return new DatagramSocket[] {rtp, new DatagramSocket(new InetSocketAddress(lo, port + 1))};
        } catch (IOException e) {
            rtp.close();
            throw e;
        }
    }

    /** An even port p such that p..p+count-1 are free right now (best effort; the range is then owned by the test). */
    static int freeEvenBase(InetAddress lo, int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(lo, 0))) {
                base = probe.getLocalPort() & ~1;
            }
            if (base + count > 65535 || base < 1024) {
                continue;
            }
            List<DatagramSocket> held = new ArrayList<>();
            boolean ok = true;
            try {
                for (int p = base; p < base + count; p++) {
                    held.add(new DatagramSocket(new InetSocketAddress(lo, p)));
                }
            } catch (IOException e) {
                ok = false;
            } finally {
                held.forEach(DatagramSocket::close);
            }
            if (ok) {
                return base;
            }
        }
        throw new IOException("no free port block");
    }
}
