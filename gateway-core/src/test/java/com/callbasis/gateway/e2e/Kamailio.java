package com.callbasis.gateway.e2e;

import com.callbasis.gateway.sip.transport.tls.TestPki;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real TLS SIP peer: Kamailio (Debian {@code kamailio} and {@code kamailio-tls-modules}) with its tls
 * module on 127.0.0.1 and a free port, answering stateless: OPTIONS 200, INVITE 486 (the caller then
 * sees that the INVITE arrived), ACK dropped. It logs each request it gets, for assertions.
 */
final class Kamailio implements AutoCloseable {
    private static final String MODULES = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";

    private final Process process;
    private final Path log;
    final int port;

    private Kamailio(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts Kamailio presenting {@code server}. With {@code clientCas} it requires a client certificate
     * issued by that CA (mutual TLS); without, it asks for none.
     */
    static Kamailio tls(Path work, TestPki.Issued server, Path clientCas) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of("/usr/sbin/kamailio")) || !Files.exists(Path.of(MODULES, "tls.so"))) {
            throw new IllegalStateException("kamailio with its tls module is needed: apt-get install -y kamailio kamailio-tls-modules");
        }
        int port = Sipp.freePort();
        Path dir = Files.createDirectories(work.resolve("kamailio-" + port));
        boolean mutual = clientCas != null;
        Path tlsCfg = Files.writeString(dir.resolve("tls.cfg"), """
                [server:default]
                method = TLSv1.2+
                verify_certificate = %s
                require_certificate = %s
                certificate = %s
                private_key = %s
                %s

                [client:default]
                verify_certificate = no
                require_certificate = no
                """.formatted(mutual ? "yes" : "no", mutual ? "yes" : "no", server.certificateFile(), server.keyFile(),
                mutual ? "ca_list = " + clientCas : ""));
        Path cfg = Files.writeString(dir.resolve("kamailio.cfg"), """
                #!KAMAILIO
                debug=2
                log_stderror=yes
                children=1
                tcp_children=1
                auto_aliases=no
                enable_tls=yes
                listen=tls:127.0.0.1:%d
                mpath="%s"
                loadmodule "tls.so"
                loadmodule "sl.so"
                loadmodule "pv.so"
                loadmodule "xlog.so"
                loadmodule "textops.so"
                modparam("tls", "config", "%s")
                request_route {
                    xlog("L_NOTICE", "peer-got $rm over $pr\\n");
                    if (is_method("ACK")) { exit; }
                    if (is_method("OPTIONS")) { sl_send_reply("200", "OK"); exit; }
                    if (is_method("INVITE")) { sl_send_reply("486", "Busy Here"); exit; }
                    sl_send_reply("405", "Method Not Allowed");
                }
                """.formatted(port, MODULES, tlsCfg));
        Path log = dir.resolve("kamailio.log");
        Process p = new ProcessBuilder(List.of("/usr/sbin/kamailio", "-DD", "-E", "-f", cfg.toString(), "-m", "32", "-M", "8",
                "-Y", dir.toString(), "-w", dir.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Kamailio k = new Kamailio(p, log, port);
        k.awaitListening();
        return k;
    }

    /** Bounded wait until the TLS port accepts connections (Kamailio forks its TCP workers after start-up). */
    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kamailio exited: " + output());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        close();
        throw new IOException("kamailio did not listen on " + port + " within 10 s: " + output());
    }

    /** How many requests of {@code method} reached the routing script (after a successful handshake). */
    long received(String method) {
        return output().lines().filter(l -> l.contains("peer-got " + method + " ")).count();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the main process stops its children
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
