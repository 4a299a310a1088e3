package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.config.Transport;
import com.callbasis.gateway.e2e.Sipp;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as an operator runs it: {@code Main run} in its own JVM, a real SIPp caller and
 * callee, the HTTP API, and the log it writes.
 */
class GatewayProcessTest {
    @TempDir
    Path work;

    private Process start(Path log, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    @Test
    void runAnswersSippCallsServesMetricsAndLogsNoPersonalData() throws Exception {
        Sipp uas = Sipp.uas("uas-answer", Transport.UDP, 3, work);
        int sip = Sipp.freePort();
        int http = Sipp.freePort();
        Path cfg = Files.writeString(work.resolve("gw.yaml"), """
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: %d}
                routes:
                  - {id: agents, target: "sip:127.0.0.1:%d"}
                http: {address: 127.0.0.1, port: %d}
                dataDir: data
                """.formatted(sip, uas.port, http));
        Path log = work.resolve("gateway.log");
        Process gw = start(log, "run", "--config", cfg.toString());
        try {
            HttpClient client = HttpClient.newHttpClient();
            String health = null;
            // A JVM start on a loaded two-core machine can take well over 10 s: wait up to 60 s, or until it died.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (health == null && gw.isAlive() && System.nanoTime() < deadline) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).isEqualTo("ok\n");

            Sipp uac = Sipp.uac("uac-basic", Transport.UDP, sip, 3, 3, work);
            assertThat(uac.await()).as("caller; output:%n%s", uac.output()).isZero();
            assertThat(uas.await()).as("callee; output:%n%s", uas.output()).isZero();

            String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("sip_calls_ended_total{result=\"caller_bye\"} 3.0");
            // three INVITEs, plus any retransmission SIPp sent while a busy machine delayed the first answers
            assertThat(metrics).containsPattern("sip_requests_in_total\\{method=\"INVITE\"} [3-9]\\.0");
            assertThat(metrics).contains("recording_decisions_total{outcome=\"record_after_notice\"} 3.0");
            assertThat(metrics).contains("sip_responses_out_total{status=\"2xx\"}");
            assertThat(Files.isDirectory(work.resolve("data"))).isTrue();
        } finally {
            gw.destroy(); // SIGTERM: the shutdown hook stops listeners
            gw.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            uas.kill();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).contains("gateway started").contains("ended (caller_bye)");
        assertThat(out).containsPattern("lawful-basis policy embedded:example-policy.yaml loaded: \\d+ rules, digest [0-9a-f]{64}");
        // The caller's number, the dialled number and any SIP URI stay out of the log (STYLE #11).
        assertThat(out).doesNotContain("442071234567").doesNotContain("4402071230000").doesNotContain("sip:");
    }

    @Test
    void badConfigurationIsRefusedWithEveryProblemAndExitCode2() throws Exception {
        Path cfg = Files.writeString(work.resolve("bad.yaml"), "sip:\n  listeners:\n    - {transport: udp, address: 127.0.0.1, port: 99999}\nroutes: 7\n");
        Path log = work.resolve("bad.log");
        Process p = start(log, "run", "--config", cfg.toString());
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String out = Files.readString(log);
        assertThat(out).contains(cfg + ":3: sip.listeners[0].port: must be between 0 and 65535, got 99999")
                .contains(cfg + ":4: routes: expected a list").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badPolicyFileIsRefusedWithFileAndLine() throws Exception {
        Path policy = Files.writeString(work.resolve("policy.yaml"), "version: 1\nrules:\n  - id: r1\n    colour: blue\n");
        Path cfg = Files.writeString(work.resolve("gw.yaml"), """
                sip:
                  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]
                http: {enabled: false}
                policy: {file: policy.yaml}
                """);
        Path log = work.resolve("policy.log");
        Process p = start(log, "run", "--config", cfg.toString());
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("gateway: policy refused:").contains(policy + ":").doesNotContain("\tat ");
    }

    @Test
    void portInUseIsAOneLineError() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Path log = work.resolve("busy.log");
            Process p = start(log, "run", "--sip-udp", "127.0.0.1:" + taken.getLocalPort(), "--sip-tcp", "127.0.0.1:0", "--no-http");
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1);
            assertThat(Files.readString(log)).contains("gateway: cannot listen on udp 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
        }
    }

    /** Issue 12, item 11: the log was created 0644 by logback; now 0600 in a 0700 folder the gateway creates. */
    @Test
    void theLogFileIsWrittenOwnerOnly() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            Path cfg = Files.writeString(work.resolve("gw.yaml"), """
                    sip:
                      listeners: [{transport: udp, address: 127.0.0.1, port: %d}]
                    http: {enabled: false}
                    logging: {file: logs/gateway.log}
                    """.formatted(taken.getLocalPort()));
            Process p = start(work.resolve("console.log"), "run", "--config", cfg.toString());
            assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(1); // the port is taken: it started logging, then stopped
            Path log = work.resolve("logs/gateway.log");
            assertThat(Files.readString(log)).contains("lawful-basis policy");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log))).isEqualTo("rw-------");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(log.getParent())))
                    .isEqualTo("rwx------");
        }
    }
}
