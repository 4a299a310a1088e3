package com.callbasis.gateway.e2e;

import com.callbasis.config.Transport;
import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real SIPp (Debian {@code sip-tester}, installed by scripts/test) with the scenario files
 * kept in src/test/resources/sipp. Every run is bounded by SIPp's own global timeout and by ours.
 */
public final class Sipp {
    private final Process process;
    private final Path log;
    public final int port;

    private Sipp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A SIPp UAS that serves {@code calls} calls of {@code scenario} on a free port. */
    public static Sipp uas(String scenario, Transport t, int calls, Path workDir) throws IOException {
        int port = freePort();
        return start(workDir, "uas-" + scenario, port, List.of("-sf", scenario(scenario, workDir), "-m", Integer.toString(calls)), t);
    }

    /** A SIPp UAC placing {@code calls} calls at {@code rate} per second towards the gateway. */
    public static Sipp uac(String scenario, Transport t, int gatewayPort, int calls, int rate, Path workDir) throws IOException {
        return uac(scenario, t, gatewayPort, calls, rate, workDir, "4402071230000", List.of());
    }

    /**
     * A UAC calling Request-URI user {@code service}, with extra SIPp arguments (e.g. {@code -key pcap
     * /abs/file.pcap} for the media scenarios, which play RTP from a raw socket and need root).
     */
    public static Sipp uac(String scenario, Transport t, int gatewayPort, int calls, int rate, Path workDir, String service,
            List<String> extra) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-sf", scenario(scenario, workDir), "127.0.0.1:" + gatewayPort, "-s", service,
                "-m", Integer.toString(calls), "-r", Integer.toString(rate), "-l", Integer.toString(Math.max(calls, 1))));
        args.addAll(extra);
        return start(workDir, "uac-" + scenario, port, args, t);
    }

    /** A UAS with extra SIPp arguments (see {@link #uac(String, Transport, int, int, int, Path, String, List)}). */
    public static Sipp uas(String scenario, Transport t, int calls, Path workDir, List<String> extra) throws IOException {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-sf", scenario(scenario, workDir), "-m", Integer.toString(calls)));
        args.addAll(extra);
        return start(workDir, "uas-" + scenario, port, args, t);
    }

    /** A UAS on a given port (e.g. 5080, where the embedded default configuration routes every call). */
    public static Sipp uasOnPort(String scenario, int port, int calls, Path workDir, List<String> extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-sf", scenario(scenario, workDir), "-m", Integer.toString(calls)));
        args.addAll(extra);
        return start(workDir, "uas-" + scenario, port, args, Transport.UDP);
    }

    private static Sipp start(Path workDir, String name, int port, List<String> scenarioArgs, Transport t) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(executable(), "-i", "127.0.0.1", "-p", Integer.toString(port),
                "-mp", Integer.toString(freePort()), "-t", t == Transport.UDP ? "u1" : "t1",
                "-timeout", "25s", "-timeout_error", "-max_recv_loops", "1000", "-nostdin"));
        cmd.addAll(scenarioArgs);
        Path log = workDir.resolve(name + "-" + port + ".out");
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        return new Sipp(p, log, port);
    }

    /** Waits for SIPp to finish and returns its exit code (0: every call succeeded). */
    public int await() throws InterruptedException {
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** What SIPp printed (its final statistics screen), for assertion messages. */
    public String output() {
        try {
            String s = Files.readString(log, StandardCharsets.ISO_8859_1);
            return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Waits (bounded) until this SIPp listens on its UDP port. */
    public void awaitUdpListening() throws Exception {
        RecordedMedia.awaitUdpListener(port);
    }

    public void kill() {
        process.destroyForcibly();
    }

    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "sipp"))) {
                return Path.of(dir, "sipp").toString();
            }
        }
        throw new IllegalStateException("sipp not found: run scripts/test, which installs Debian's sip-tester");
    }

    /** Copies the scenario out of the class path (it may sit in a jar) into the work folder. */
    private static String scenario(String name, Path workDir) throws IOException {
        try (var in = Sipp.class.getResourceAsStream("/sipp/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalArgumentException("no scenario " + name);
            }
            Path out = workDir.resolve(name + ".xml");
            Files.write(out, in.readAllBytes());
            return out.toString();
        }
    }

    /** A port free on 127.0.0.1 for both UDP and TCP. */
    public static int freePort() throws IOException {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 29999);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try another
            }
        }
        throw new IOException("no free port found");
    }
}
