package com.callbasis.gateway.media.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test RTP source on a UDP socket bound to 127.0.0.1, sending packets in 20 ms slots (as a phone
 * does) with the impairments a relay must survive: loss, reordering, duplication, and packets from
 * a foreign source address that strict source validation must refuse.
 *
 * <p>Pacing uses a scheduled executor: each slot is a task due at {@code slot * interval}, so a late
 * slot does not delay the ones after it.
 */
public final class RtpSender implements AutoCloseable {
    private final DatagramSocket socket;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rtp-sender");
        t.setDaemon(true);
        return t;
    });

    /**
     * What to do to the packets, by their index in the list given to {@link #send}.
     *
     * @param drop          indices not sent (their slot stays empty)
     * @param duplicate     indices sent twice in their slot
     * @param swapWithNext  indices whose packet changes slot with the next one (reordering)
     * @param intervalMillis slot length; 0 sends everything at once
     */
    public record Schedule(Set<Integer> drop, Set<Integer> duplicate, Set<Integer> swapWithNext, long intervalMillis) {
        public Schedule {
            drop = Set.copyOf(drop);
            duplicate = Set.copyOf(duplicate);
            swapWithNext = Set.copyOf(swapWithNext);
        }

        /** Every packet once, 20 ms apart. */
        public static Schedule paced() {
            return new Schedule(Set.of(), Set.of(), Set.of(), 20);
        }

        /** Every packet once, back to back: for tests that do not need real time. */
        public static Schedule fast() {
            return new Schedule(Set.of(), Set.of(), Set.of(), 0);
        }

        /** A copy that drops these indices (replacing any earlier drop set); likewise duplicating and swapping. */
        public Schedule dropping(Integer... indices) {
            return new Schedule(Set.of(indices), duplicate, swapWithNext, intervalMillis);
        }

        public Schedule duplicating(Integer... indices) {
            return new Schedule(drop, Set.of(indices), swapWithNext, intervalMillis);
        }

        public Schedule swapping(Integer... indices) {
            return new Schedule(drop, duplicate, Set.of(indices), intervalMillis);
        }
    }

    /** @param sourcePort the local port the packets left from; {@code packets} in sending order */
    public record Sent(int sourcePort, List<RtpPacket> packets) {
        public Sent {
            packets = List.copyOf(packets);
        }
    }

    private RtpSender(DatagramSocket socket) {
        this.socket = socket;
    }

    /** A sender on 127.0.0.1:{@code port}; 0 picks an ephemeral port. */
    public static RtpSender bind(int port) throws SocketException {
        return new RtpSender(new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    /** The packets actually sent, in order of sending; blocks until the last slot (bounded). */
    public Sent send(List<RtpPacket> packets, InetSocketAddress target, Schedule schedule) throws IOException {
        return new Sent(localPort(), play(socket, slots(packets, schedule), target, schedule.intervalMillis()));
    }

    /**
     * Sends {@code packets} (paced like {@code schedule}, impairments ignored) from a second socket on
     * another ephemeral port of 127.0.0.1, as an attacker or a misbehaving peer would.
     */
    public Sent sendFromForeignSource(List<RtpPacket> packets, InetSocketAddress target, Schedule schedule) throws IOException {
        try (DatagramSocket foreign = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            List<List<RtpPacket>> slots = packets.stream().map(List::of).toList();
            return new Sent(foreign.getLocalPort(), play(foreign, slots, target, schedule.intervalMillis()));
        }
    }

    /** Slot i holds what is sent at i * interval: swaps exchange slots, drops empty them, duplicates double them. */
    static List<List<RtpPacket>> slots(List<RtpPacket> packets, Schedule s) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < packets.size(); i++) {
            order.add(i);
        }
        for (int i : s.swapWithNext().stream().sorted().toList()) {
            if (i + 1 < order.size()) {
                Collections.swap(order, i, i + 1);
            }
        }
        List<List<RtpPacket>> slots = new ArrayList<>();
        for (int index : order) {
            List<RtpPacket> slot = new ArrayList<>();
            if (!s.drop().contains(index)) {
                slot.add(packets.get(index));
                if (s.duplicate().contains(index)) {
                    slot.add(packets.get(index));
                }
            }
            slots.add(slot);
        }
        return slots;
    }

    private List<RtpPacket> play(DatagramSocket from, List<List<RtpPacket>> slots, InetSocketAddress target, long intervalMillis)
            throws IOException {
        List<RtpPacket> sent = Collections.synchronizedList(new ArrayList<>());
        List<ScheduledFuture<?>> tasks = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            List<RtpPacket> slot = slots.get(i);
            // one task per slot, run by a single thread: packets of a slot and successive slots keep their order
            tasks.add(timer.schedule(() -> {
                for (RtpPacket p : slot) {
                    byte[] b = p.toBytes();
                    from.send(new DatagramPacket(b, b.length, target));
                    sent.add(p);
                }
                return null;
            }, i * intervalMillis, TimeUnit.MILLISECONDS));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(slots.size() * intervalMillis + 10_000);
        try {
            for (ScheduledFuture<?> t : tasks) {
                t.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            tasks.forEach(t -> t.cancel(false));
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            tasks.forEach(t -> t.cancel(false));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("sending did not finish in time", e);
        }
        return List.copyOf(sent);
    }

    /**
     * Reads what reaches this socket until {@code n} RTP packets with {@code ssrc} have arrived or
     * {@code millis} pass; returns how many did. Lets a test wait until the gateway has relayed (and
     * so recorded) a stream before it hangs up, instead of racing the BYE against the last packet.
     */
    public int awaitReceived(long ssrc, int n, long millis) throws IOException {
        return (int) collect(got -> got.stream().filter(p -> p.ssrc() == ssrc).count() >= n, millis).stream()
                .filter(p -> p.ssrc() == ssrc).count();
    }

    /**
     * Collects what reaches this socket, in arrival order, until {@code done} holds for what came so far
     * or {@code millis} pass; returns it. Packets that are not RTP are skipped.
     */
    public List<RtpPacket> collect(java.util.function.Predicate<List<RtpPacket>> done, long millis) throws IOException {
        byte[] buf = new byte[2048];
        List<RtpPacket> got = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000L;
        int oldTimeout = socket.getSoTimeout();
        try {
            while (!done.test(got)) {
                long left = (end - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                java.net.DatagramPacket p = new java.net.DatagramPacket(buf, buf.length);
                try {
                    socket.receive(p);
                } catch (java.net.SocketTimeoutException e) {
                    break;
                }
                RtpPacket.parse(buf, 0, p.getLength()).ifPresent(got::add);
            }
        } finally {
            socket.setSoTimeout(oldTimeout);
        }
        return got;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        socket.close();
    }
}
