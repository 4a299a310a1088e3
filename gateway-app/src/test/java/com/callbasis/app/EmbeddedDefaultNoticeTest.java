package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.e2e.Sipp;
import com.callbasis.gateway.media.testing.RtpFixture;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's try-out, exactly as a newcomer runs it (issue 13's fixed interface): {@code run} with no
 * arguments (SIP on 127.0.0.1:5060, every call to 127.0.0.1:5080, tenant {@code default}, data in
 * ./data), SIPp peers with real RTP; the default tenant's notice is played on the answer (under 8 s),
 * then the call is recorded; {@code audit export} holds {@code notice.played}; {@code recordings list}
 * shows the recording SEALED after the BYE.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EmbeddedDefaultNoticeTest {
    @TempDir
    Path work;

    private Process java(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    }

    private String command(String name, String... args) throws Exception {
        Path out = work.resolve(name + ".out");
        Process p = java(out, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(name + ": " + text).isZero();
        return text;
    }

    @Test
    void runWithNoArgumentsAnnouncesThenRecordsAndTheAuditShowsTheNotice() throws Exception {
        Path log = work.resolve("gateway.log");
        Process gw = java(log, "run");
        try {
            HttpClient client = HttpClient.newHttpClient();
            String health = null;
            long deadline = System.nanoTime() + 60_000_000_000L; // a JVM start on a loaded machine
            while (health == null && gw.isAlive() && System.nanoTime() < deadline) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/health")).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertThat(health).as(Files.readString(log)).isEqualTo("ok\n");

            Path calleePcap = RtpFixture.load(RtpFixture.CALLEE_PCMU).copyPcapTo(work);
            Path callerPcap = RtpFixture.load(RtpFixture.CALLER_PCMU).copyPcapTo(work);
            Sipp uas = Sipp.uasOnPort("rtp-uas-notice", 5080, 1, work, List.of("-key", "pcap", calleePcap.toString()));
            uas.awaitUdpListening();
            Sipp uac = Sipp.uac("rtp-uac-notice", com.callbasis.config.Transport.UDP, 5060, 1, 1, work, "100",
                    List.of("-key", "pcap", callerPcap.toString()));
            assertThat(uac.await()).as("caller; output:%n%s", uac.output()).isZero();
            assertThat(uas.await()).as("callee; output:%n%s", uas.output()).isZero();

            String list = "";
            long end = System.nanoTime() + 20_000_000_000L;
            while (!list.contains("SEALED") && System.nanoTime() < end) {
                list = command("list", "recordings", "list");
                if (!list.contains("SEALED")) {
                    Thread.sleep(200);
                }
            }
            assertThat(list).contains("default").contains("SEALED").contains("legitimate_interests");

            command("export", "audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "--out", "export");
            StringBuilder entries = new StringBuilder();
            try (Stream<Path> files = Files.walk(work.resolve("export"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    entries.append(Files.readString(f, StandardCharsets.UTF_8));
                }
            }
            assertThat(entries).contains("\"type\":\"notice.played\"").contains("\"noticeId\":\"try-out-notice\"");
        } finally {
            gw.destroy();
            gw.waitFor(10, TimeUnit.SECONDS);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(out).contains("playing notice try-out-notice").contains("sealed");
    }
}
