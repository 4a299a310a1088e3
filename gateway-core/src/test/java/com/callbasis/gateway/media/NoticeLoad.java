package com.callbasis.gateway.media;

import com.callbasis.config.MediaConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Notice playback under load (issue 13), run by {@code bench/notice-load}, not by {@code mvn verify}:
 * N sessions each play a 6 s prompt at once while N other sessions relay a 20 ms G.711 stream, all
 * over loopback. Reports late frames (sent over 5 ms after their due time) and the relay threads'
 * CPU per prompt frame against CPU per relayed packet.
 *
 * <p>Phases, each as long as the prompt: relay alone (CPU per relayed packet), prompts alone (CPU
 * per prompt frame), both at once (late frames under load; prompt CPU is the total less the relay's
 * rate from the first phase).
 */
public final class NoticeLoad {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static final int SLOTS = 20;

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        // as the gateway runs by default (media.threads 0): one loop per processor
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        int basePort = args.length > 3 ? Integer.parseInt(args[3]) : 30000;
        int frames = seconds * 1000 / PromptFrames.FRAME_MILLIS;
        PromptFrames prompt = PromptPlaybackTest.frames(frames);

        try (MediaRelay relay = new MediaRelay(new MediaConfig("127.0.0.1", basePort, basePort + calls * 8 + 99), false,
                threads, new SimpleMeterRegistry());
             Sink promptSink = new Sink();
             Sink relaySink = new Sink();
             DatagramChannel sender = DatagramChannel.open()) {
            sender.bind(new InetSocketAddress(LO, 0));
            sender.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
            InetSocketAddress senderAddress = (InetSocketAddress) sender.getLocalAddress();
            List<MediaStream> relayed = new ArrayList<>();
            List<MediaStream> prompted = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                MediaStream r = relay.open().stream(0);
                r.setRemote(Side.CALLER, senderAddress, null); // one sending socket feeds every relayed stream
                r.setRemote(Side.CALLEE, relaySink.address(), null);
                relayed.add(r);
                MediaStream p = relay.open().stream(0);
                p.setRemote(Side.CALLER, promptSink.address(), null);
                p.setRemote(Side.CALLEE, promptSink.address(), null);
                prompted.add(p);
            }
            System.out.printf("notice-load: %d prompt sessions, %d relayed streams, %d s prompt (%d frames), %d loop(s)%n",
                    calls, calls, seconds, frames, threads);

            // warm-up (JIT, pools): a second of both, not counted
            measure(() -> runRelay(sender, relayed, 50), () -> play(prompted, PromptPlaybackTest.frames(50)));
            long warm = sumRelayed(relayed);

            Phase relayOnly = measure(() -> runRelay(sender, relayed, frames), null);
            long relayedPackets = sumRelayed(relayed) - warm;
            System.out.printf("relay alone: %d packets relayed, %.2f us CPU per relayed packet%n",
                    relayedPackets, relayOnly.cpuNanos / 1000.0 / relayedPackets);

            Phase promptOnly = measure(() -> { }, () -> play(prompted, prompt));
            System.out.printf("prompts alone: %d frames sent, %d late (%.3f %%), %.2f us CPU per prompt frame%n",
                    promptOnly.sent, promptOnly.late, 100.0 * promptOnly.late / Math.max(1, promptOnly.sent),
                    promptOnly.cpuNanos / 1000.0 / promptOnly.sent);

            long before = sumRelayed(relayed);
            Phase both = measure(() -> runRelay(sender, relayed, frames), () -> play(prompted, prompt));
            long relayedBoth = sumRelayed(relayed) - before;
            double relayCpuPerPacket = (double) relayOnly.cpuNanos / relayedPackets;
            double promptCpu = both.cpuNanos - relayCpuPerPacket * relayedBoth;
            System.out.printf("both at once: %d frames sent, %d late (%.3f %%), %d not sent; %d packets relayed;"
                            + " %.2f us CPU per prompt frame (total less the relay's %.2f us per relayed packet)%n",
                    both.sent, both.late, 100.0 * both.late / Math.max(1, both.sent), both.notSent, relayedBoth,
                    promptCpu / 1000.0 / both.sent, relayCpuPerPacket / 1000.0);
            System.out.printf("sinks: %d prompt packets, %d relayed packets received%n", promptSink.count.get(), relaySink.count.get());
        }
    }

    record Phase(long cpuNanos, long sent, long late, long notSent) {
    }

    interface Step {
        void run() throws Exception;
    }

    interface Playing {
        List<CompletableFuture<PromptResult>> start();
    }

    /** Runs {@code relaying} on this thread while the prompts (if any) play; the relay threads' CPU over both. */
    private static Phase measure(Step relaying, Playing prompts) throws Exception {
        long cpu0 = relayCpu();
        List<CompletableFuture<PromptResult>> results = prompts == null ? List.of() : prompts.start();
        relaying.run();
        long sent = 0;
        long late = 0;
        long notSent = 0;
        for (CompletableFuture<PromptResult> f : results) {
            PromptResult r = f.get(60, TimeUnit.SECONDS);
            sent += r.framesSent();
            late += r.framesLate();
            notSent += r.framesNotSent();
        }
        Thread.sleep(200); // the last relayed packets
        return new Phase(relayCpu() - cpu0, sent, late, notSent);
    }

    private static List<CompletableFuture<PromptResult>> play(List<MediaStream> streams, PromptFrames prompt) {
        List<CompletableFuture<PromptResult>> out = new ArrayList<>();
        for (MediaStream st : streams) {
            CompletableFuture<PromptResult> f = new CompletableFuture<>();
            st.playPrompt(Side.CALLER, prompt, new PromptListener() {
                @Override
                public void completed(PromptResult result) {
                    f.complete(result);
                }

                @Override
                public void cancelled(PromptResult result) {
                    f.complete(result);
                }
            });
            out.add(f);
        }
        return out;
    }

    /**
     * One G.711 packet per relayed stream every 20 ms, {@code ticks} times, on absolute deadlines. The
     * streams are spread over the 20 ms in {@value #SLOTS} slots, as independent calls' phases are,
     * rather than all arriving in one burst.
     */
    private static void runRelay(DatagramChannel sender, List<MediaStream> streams, int ticks) throws Exception {
        ByteBuffer packet = ByteBuffer.allocateDirect(172);
        int[] seqs = new int[streams.size()];
        long next = System.nanoTime();
        long slot = TimeUnit.MILLISECONDS.toNanos(PromptFrames.FRAME_MILLIS) / SLOTS;
        for (int t = 0; t < ticks * SLOTS; t++) {
            for (int i = t % SLOTS; i < streams.size(); i += SLOTS) {
                int seq = seqs[i]++;
                packet.clear();
                packet.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt(seq * 160).putInt(i + 1);
                while (packet.hasRemaining()) {
                    packet.put((byte) 0xFF);
                }
                packet.flip();
                sender.send(packet, streams.get(i).localRtp(Side.CALLER));
            }
            next += slot;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }

    private static long sumRelayed(List<MediaStream> streams) {
        long n = 0;
        for (MediaStream s : streams) {
            n += s.relayed(Side.CALLER);
        }
        return n;
    }

    /** CPU time of the relay's event-loop threads. */
    private static long relayCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("media-relay")) {
                n += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return n;
    }

    /** A phone that only counts what it gets, for any number of streams. */
    private static final class Sink implements AutoCloseable {
        final DatagramChannel channel;
        final AtomicLong count = new AtomicLong();
        private final Thread reader;

        Sink() throws Exception {
            channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 8 << 20);
            channel.bind(new InetSocketAddress(LO, 0));
            reader = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(2048);
                try {
                    while (true) {
                        buf.clear();
                        channel.receive(buf);
                        count.incrementAndGet();
                    }
                } catch (Exception e) {
                    // closed
                }
            }, "sink");
            reader.setDaemon(true);
            reader.start();
        }

        InetSocketAddress address() throws Exception {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void close() throws Exception {
            channel.close();
        }
    }
}
