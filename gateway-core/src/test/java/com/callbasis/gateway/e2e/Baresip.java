package com.callbasis.gateway.e2e;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the real baresip (Debian {@code baresip-core}, installed by scripts/test) as a SIP user agent on
 * 127.0.0.1 with a generated configuration: one account without registration, SDES-SRTP mandatory
 * ({@code mediaenc=srtp-mand}), PCMU only, audio from a WAV file ({@code aufile}), no audio device.
 * It is driven through {@code ctrl_tcp}: netstring-framed JSON commands ({@code {"command": "dial",
 * "params": "sip:...", "token": "..."}}) answered by a response with the same token, plus an event
 * for everything that happens to a call ({@code CALL_ESTABLISHED}, {@code CALL_MENC}, ...). The SIP
 * it sends and receives is traced to its log ({@code -s}).
 *
 * <p>Written for baresip 1.0.0 (Debian 12): its RTP socket binds the wildcard address, but the SDP it
 * sends and every packet of these tests stay on 127.0.0.1.
 */
final class Baresip implements AutoCloseable {
    /** One ctrl_tcp event, e.g. {@code CALL_ESTABLISHED}, with its {@code param} and the raw JSON. */
    record Event(String type, String param, String json) {}

    /** One SIP message in the trace: which way it went, its first line and its SDP body (may be empty). */
    record SipTrace(String source, String destination, String startLine, String message) {
        /** The transport protocol of the first {@code m=audio} line, or empty. */
        String audioProto() {
            Matcher m = Pattern.compile("(?m)^m=audio \\d+ (\\S+)").matcher(message);
            return m.find() ? m.group(1) : "";
        }

        /** The port of the first {@code m=audio} line, or -1. */
        int audioPort() {
            Matcher m = Pattern.compile("(?m)^m=audio (\\d+) ").matcher(message);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }

        /** The values of the SDP's {@code a=crypto} lines (RFC 4568 s.9.1), in order. */
        List<String> cryptos() {
            List<String> out = new ArrayList<>();
            Matcher m = Pattern.compile("(?m)^a=crypto:(.*?)\\r?$").matcher(message);
            while (m.find()) {
                out.add(m.group(1).strip());
            }
            return out;
        }

        boolean hasSdp() {
            return message.contains("\nm=");
        }
    }

    private static final Pattern TRACE = Pattern.compile(
            "#\\r?\\n(UDP|TCP) (\\S+) -> (\\S+)\\r?\\n(.*?)\\u001b\\[;m", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\"(type|param|token|data)\":\"((?:[^\"\\\\]|\\\\.)*)\"");

    final String name;
    final int sipPort;
    private final int ctrlPort;
    private final Process process;
    private final Path log;
    private final Socket ctrl;
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private final List<String> responses = new CopyOnWriteArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();
    private final Thread reader;

    private Baresip(String name, int sipPort, int ctrlPort, Process process, Path log, Socket ctrl) {
        this.name = name;
        this.sipPort = sipPort;
        this.ctrlPort = ctrlPort;
        this.process = process;
        this.log = log;
        this.ctrl = ctrl;
        this.reader = new Thread(this::readControl, "baresip-ctrl-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts baresip with account {@code sip:user@127.0.0.1:port} playing {@code tone} (a 16-bit mono
     * WAV at 8 kHz) into every call; {@code autoAnswer} makes it answer incoming calls at once.
     */
    static Baresip start(Path workDir, String name, String user, Path tone, boolean autoAnswer) throws IOException, InterruptedException {
        return start(workDir, name, user, tone, autoAnswer, "");
    }

    /**
     * As {@link #start(Path, String, String, Path, boolean)}, with {@code extraConfig} (whole config lines)
     * appended to the configuration, e.g. {@code module sndfile.so} and {@code snd_path ...} to have
     * baresip dump the audio it decoded (what it heard) to {@code dump-<time>-dec.wav}.
     */
    static Baresip start(Path workDir, String name, String user, Path tone, boolean autoAnswer, String extraConfig)
            throws IOException, InterruptedException {
        Path conf = Files.createDirectories(workDir.resolve("baresip-" + name));
        int sipPort = Sipp.freePort();
        int ctrlPort = Sipp.freePort();
        while (ctrlPort == sipPort) {
            ctrlPort = Sipp.freePort();
        }
        Files.writeString(conf.resolve("config"), """
                poll_method		epoll
                sip_listen		127.0.0.1:%d
                net_interface		127.0.0.1
                call_local_timeout	20
                call_max_calls		1
                audio_source		aufile,%s
                audio_alert		aufile,/dev/null
                rtp_ports		10000-19999
                rtcp_mux		no
                module_path		/usr/lib/baresip/modules
                module			g711.so
                module			aufile.so
                module			srtp.so
                module_tmp		account.so
                module_app		menu.so
                module_app		ctrl_tcp.so
                ctrl_tcp_listen		127.0.0.1:%d
                """.formatted(sipPort, tone.toAbsolutePath(), ctrlPort) + extraConfig, StandardCharsets.UTF_8);
        // RFC 3261 AOR with baresip's address parameters; regint=0: never REGISTER
        Files.writeString(conf.resolve("accounts"), "<sip:%s@127.0.0.1:%d>;regint=0;mediaenc=srtp-mand;audio_codecs=PCMU;answermode=%s\n"
                .formatted(user, sipPort, autoAnswer ? "auto" : "manual"), StandardCharsets.UTF_8);
        Files.writeString(conf.resolve("contacts"), "", StandardCharsets.UTF_8);
        Path log = workDir.resolve("baresip-" + name + ".log");
        Process p = new ProcessBuilder(executable(), "-f", conf.toString(), "-s", "-v")
                .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            Socket s = connect(p, ctrlPort, log);
            return new Baresip(name, sipPort, ctrlPort, p, log, s);
        } catch (IOException | RuntimeException | InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static Socket connect(Process p, int port, Path log) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        IOException last = null;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException("baresip exited with " + p.exitValue() + ":\n" + tail(log));
            }
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return s;
            } catch (IOException e) {
                s.close();
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IOException("baresip's ctrl_tcp did not listen on " + port + ":\n" + tail(log), last);
    }

    /** Reads netstrings ({@code len:json,}) from ctrl_tcp until the socket closes. */
    private void readControl() {
        try (InputStream in = new BufferedInputStream(ctrl.getInputStream())) {
            while (true) {
                int len = 0;
                int c;
                while ((c = in.read()) != ':') {
                    if (c < '0' || c > '9' || len > 1_000_000) {
                        return; // closed or not a netstring
                    }
                    len = len * 10 + (c - '0');
                }
                String json = new String(in.readNBytes(len), StandardCharsets.UTF_8);
                if (in.read() != ',') {
                    return;
                }
                if (json.contains("\"event\":true")) {
                    events.add(new Event(field(json, "type"), field(json, "param"), json));
                } else {
                    responses.add(json);
                }
            }
        } catch (IOException closed) {
            // the process went away
        }
    }

    private static String field(String json, String key) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(key)) {
                return m.group(2).replace("\\n", "\n").replace("\\/", "/").replace("\\\"", "\"");
            }
        }
        return "";
    }

    /**
     * Runs a menu command ({@code dial}, {@code hangup}, {@code audio_debug}, ...) and returns what it
     * printed; fails when baresip reports an error or does not answer within 5 s.
     */
    String command(String command, String params) throws IOException, InterruptedException {
        String token = name + "-" + tokens.incrementAndGet();
        String json = "{\"command\":\"%s\",\"params\":\"%s\",\"token\":\"%s\"}".formatted(command, params, token);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        synchronized (ctrl) {
            OutputStream out = ctrl.getOutputStream();
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            for (String r : responses) {
                if (field(r, "token").equals(token)) {
                    if (!r.contains("\"ok\":true")) {
                        throw new IOException("baresip " + name + ": " + command + " " + params + " failed: " + r);
                    }
                    return field(r, "data");
                }
            }
            Thread.sleep(20);
        }
        throw new IOException("baresip " + name + " did not answer " + command + ":\n" + tail(log));
    }

    /** Waits up to {@code millis} for an event of {@code type}; empty if none came. */
    Optional<Event> awaitEvent(String type, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        do {
            for (Event e : events) {
                if (e.type().equals(type)) {
                    return Optional.of(e);
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return Optional.empty();
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** Every SIP message this baresip received (its SIP trace, {@code -s}), in order. */
    List<SipTrace> received() throws IOException {
        List<SipTrace> out = new ArrayList<>();
        Matcher m = TRACE.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            String dst = m.group(3);
            if (dst.endsWith(":" + sipPort)) {
                String msg = m.group(4);
                int eol = msg.indexOf('\n');
                out.add(new SipTrace(m.group(2), dst, (eol < 0 ? msg : msg.substring(0, eol)).strip(), msg));
            }
        }
        return out;
    }

    /** Every SIP message this baresip sent, in order. */
    List<SipTrace> sent() throws IOException {
        List<SipTrace> out = new ArrayList<>();
        Matcher m = TRACE.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            if (m.group(2).endsWith(":" + sipPort)) {
                String msg = m.group(4);
                int eol = msg.indexOf('\n');
                out.add(new SipTrace(m.group(2), m.group(3), (eol < 0 ? msg : msg.substring(0, eol)).strip(), msg));
            }
        }
        return out;
    }

    /** The whole log (SIP trace and baresip's own messages). */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.ISO_8859_1);
    }

    /** The end of the log, for assertion messages. */
    String tail() {
        return tail(log);
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.ISO_8859_1);
            return s.length() > 8000 ? s.substring(s.length() - 8000) : s;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Asks baresip to quit, then kills it if it has not exited within 3 s. */
    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                command("quit", "");
            }
        } catch (IOException ignored) {
            // killed below
        } finally {
            try {
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } finally {
                try {
                    ctrl.close();
                } catch (IOException ignored) {
                    // nothing left to do
                }
            }
        }
    }

    static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "baresip"))) {
                return Path.of(dir, "baresip").toString();
            }
        }
        throw new IllegalStateException("baresip not found: run scripts/test, which installs Debian's baresip");
    }

    @Override
    public String toString() {
        return "baresip " + name + " (sip " + sipPort + ", ctrl " + ctrlPort + ")";
    }
}
