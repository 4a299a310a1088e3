package com.callbasis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void embeddedDefaultListensOnLoopbackAndRoutesEverythingTo5080() {
        GatewayConfig c = GatewayConfigLoader.loadDefault();
        assertThat(c.listeners()).extracting(SipListener::transport, SipListener::address, SipListener::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Transport.UDP, "127.0.0.1", 5060),
                        org.assertj.core.groups.Tuple.tuple(Transport.TCP, "127.0.0.1", 5060));
        assertThat(c.routes()).singleElement().satisfies(r -> {
            assertThat(r.targetUri()).isEqualTo("sip:127.0.0.1:5080");
            assertThat(r.userPrefix()).isEmpty();
        });
        assertThat(c.dataDir().normalize()).isEqualTo(Path.of("data"));
        assertThat(c.timers()).isEqualTo(SipTimers.RFC3261);
    }

    @Test
    void fullFileIsRead() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        GatewayConfig c = load("""
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: 5060}
                    - {transport: tls, address: "::1", port: 5061, certificate: cert.pem, privateKey: key.pem}
                  advertisedHost: gw.example
                  limits: {maxHeaders: 50, maxMessageSize: 20000}
                  timers: {t1: 250ms, t2: 4s, t4: PT5S}
                  calls: {noAnswerTimeout: 45s, maxDuration: 2h, maxCalls: 500}
                routes:
                  - id: sales
                    match: {userPrefix: "+4420", host: gw.example}
                    target: sip:10.0.0.5:5080;transport=tcp
                    tenant: bank
                  - id: rest
                    target: sips:[2001:db8::1]
                media: {address: 127.0.0.1, portMin: 40000, portMax: 40100}
                dataDir: /var/lib/gw
                http: {address: 127.0.0.1, port: 9090}
                logging: {level: debug}
                """);
        assertThat(c.listeners().get(1).certificate()).contains(cert);
        assertThat(c.listeners().get(1).privateKey()).contains(key);
        assertThat(c.advertisedHost()).contains("gw.example");
        assertThat(c.limits()).isEqualTo(new SipLimits(2048, 8192, 50, 20000));
        assertThat(c.timers().t1()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.calls()).isEqualTo(new CallLimits(Duration.ofSeconds(45), Duration.ofHours(2), 500));
        assertThat(c.routes().get(0)).isEqualTo(new Route("sales", "+4420", java.util.Optional.of("gw.example"), "10.0.0.5", 5080, Transport.TCP, "bank"));
        assertThat(c.routes().get(1).transport()).isEqualTo(Transport.TLS);
        assertThat(c.routes().get(1).targetPort()).isEqualTo(5060);
        assertThat(c.routes().get(1).targetHost()).isEqualTo("2001:db8::1");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/gw"));
    }

    @Test
    void everyProblemIsListedWithFileLineAndPath() throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                sip:
                  listeners:
                    - transport: sctp
                      address: localhost
                      port: 70000
                    - {transport: tls, address: 127.0.0.1, port: 5061}
                  timers: {t1: soon}
                  colour: blue
                routes:
                  - id: a
                    target: http://x
                  - id: a
                    target: sip:127.0.0.1:5080;transport=carrier-pigeon
                media: {portMin: 30001, portMax: 30000}
                logging: {level: loud}
                """);
        assertThatThrownBy(() -> GatewayConfigLoader.load(f)).isInstanceOfSatisfying(ConfigException.class, e -> {
            List<String> lines = e.problems().stream().map(Problem::toString).toList();
            String name = f.toString();
            assertThat(lines).contains(
                    name + ":3: sip.listeners[0].transport: must be udp, tcp or tls, got 'sctp'",
                    name + ":4: sip.listeners[0].address: expected an IP address such as 127.0.0.1 or ::1, got 'localhost'",
                    name + ":5: sip.listeners[0].port: must be between 0 and 65535, got 70000",
                    name + ":6: sip.listeners[1]: a TLS listener needs certificate and privateKey",
                    name + ":7: sip.timers.t1: expected a duration such as 32s, 500ms, 2h or PT32S, got 'soon'",
                    name + ":11: routes[0].target: expected a SIP URI such as sip:127.0.0.1:5080 or sip:pbx.example:5060;transport=tcp, got 'http://x'",
                    name + ":12: routes[1].id: duplicate route id 'a'",
                    name + ":13: routes[1].target: unknown transport 'carrier-pigeon' (udp, tcp or tls)",
                    name + ":14: media.portMin: must be even (RTP takes the even port, RTCP the odd one above it)",
                    name + ":14: media: portMax must be greater than portMin",
                    name + ":15: logging.level: must be one of error, warn, info, debug, trace");
            assertThat(lines).anyMatch(l -> l.startsWith(name + ":8: sip.colour: unknown field"));
        });
    }

    @Test
    void syntaxErrorsAndEmptyFilesAreRefusedWithALine() throws Exception {
        Path f = dir.resolve("syntax.yaml");
        Files.writeString(f, "sip:\n  listeners: [\n    {transport: udp\n");
        assertThatThrownBy(() -> GatewayConfigLoader.load(f)).isInstanceOfSatisfying(ConfigException.class,
                e -> assertThat(e.getMessage()).matches("(?s)" + java.util.regex.Pattern.quote(f.toString()) + ":\\d+: YAML syntax: .*"));
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "");
        assertThatThrownBy(() -> GatewayConfigLoader.load(empty)).hasMessage(empty + ":1: file is empty");
        Path missing = dir.resolve("missing.yaml");
        assertThatThrownBy(() -> GatewayConfigLoader.load(missing))
                .hasMessage(missing + ": no such file (give the path of the configuration file, e.g. gateway.yaml)");
    }

    /** Issue 12, item 12: {@code run --config /etc} said "/etc:0: cannot read file: IOException". */
    @Test
    void aDirectoryGivenAsConfigSaysSo() {
        assertThatThrownBy(() -> GatewayConfigLoader.load(dir))
                .hasMessage(dir + ": is a directory, not a configuration file (give the YAML file, e.g. gateway.yaml)");
    }

    /** Issue 12, item 12: a binary file gave "MalformedInputException" at line 0. */
    @Test
    void aBinaryConfigFileSaysItIsNotText() throws Exception {
        Path notUtf8 = Files.write(dir.resolve("gateway.yaml"), new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 'J', 'F'});
        Path nuls = Files.write(dir.resolve("zeros.yaml"), new byte[64]);
        for (Path f : List.of(notUtf8, nuls)) {
            assertThatThrownBy(() -> GatewayConfigLoader.load(f))
                    .hasMessage(f + ": is not a text (UTF-8) YAML file (give the configuration file, e.g. gateway.yaml)");
        }
    }

    @Test
    void anUnreadableConfigSaysPermissionDenied() throws Exception {
        Path f = Files.writeString(dir.resolve("secret.yaml"), "sip: {}\n");
        Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("-w-------"));
        if (Files.isReadable(f)) {
            // root reads any file; a write-only procfs entry is refused even to root (only read here, never written)
            f = Path.of("/proc/sys/vm/drop_caches");
        }
        assertThat(Files.isReadable(f)).as("an unreadable file for this user").isFalse();
        Path unreadable = f;
        assertThatThrownBy(() -> GatewayConfigLoader.load(unreadable)).hasMessageStartingWith(unreadable + ": permission denied: user ")
                .hasMessageEndingWith(" may not read it (check the file's owner and mode)");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertThatThrownBy(() -> load("dataDir: a\ndataDir: b\nsip: {listeners: [{transport: udp, address: 127.0.0.1, port: 1}]}\n"))
                .hasMessageContaining("test.yaml:2: dataDir: duplicate key");
    }

    @Test
    void overridesReplaceListenersAndData() {
        GatewayConfig c = GatewayConfigLoader.loadDefault().withListener(Transport.UDP, "127.0.0.2", 0).withDataDir(Path.of("/tmp/x"));
        assertThat(c.listeners().get(0).address()).isEqualTo("127.0.0.2");
        assertThat(c.listeners().get(0).port()).isZero();
        assertThat(c.listeners().get(1).port()).isEqualTo(5060);
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void recordingAndMediaSettingsAreRead() throws Exception {
        GatewayConfig c = load("""
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                media: {address: 127.0.0.1, portMin: 40000, portMax: 40100, latching: true, threads: 2}
                recording:
                  enabled: false
                  direction: outbound
                  headers: {tenant: X-Tenant, queue: X-Skill, control: X-Rec}
                  sealEvery: 10s
                  reorderDepth: 100ms
                  lossThreshold: 0.05
                """);
        assertThat(c.media()).isEqualTo(new MediaConfig("127.0.0.1", 40000, 40100, true, 2));
        RecordingConfig r = c.recording();
        assertThat(r.enabled()).isFalse();
        assertThat(r.direction()).isEqualTo("outbound");
        assertThat(r.headers().tenant()).contains("X-Tenant");
        assertThat(r.headers().queue()).isEqualTo("X-Skill");
        assertThat(r.headers().control()).isEqualTo("X-Rec");
        assertThat(r.headers().purpose()).isEqualTo("X-Purpose");
        assertThat(r.sealEvery()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.reorderDepth()).isEqualTo(Duration.ofMillis(100));
        assertThat(r.lossThreshold()).isEqualTo(0.05);
        assertThat(GatewayConfigLoader.loadDefault().recording()).isEqualTo(RecordingConfig.DEFAULT);
    }

    @Test
    void badRecordingSettingsAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> load("""
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                recording:
                  direction: sideways
                  headers: {queue: "X Queue"}
                  lossThreshold: lots
                  reorderDepth: 5s
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().stream().map(Problem::toString))
                .contains("test.yaml:3: recording.direction: must be inbound or outbound",
                        "test.yaml:4: recording.headers.queue: not a SIP header name: 'X Queue'",
                        "test.yaml:5: recording.lossThreshold: must be a ratio between 0 and 1, e.g. 0.01 for 1 %",
                        "test.yaml:6: recording.reorderDepth: must be between 0 and 2s"));
    }

    @Test
    void recordingsPerSourceHaveADefaultAndABound() throws Exception {
        String sip = "sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}\n";
        assertThat(load(sip).recording().maxActivePerSource()).isEqualTo(1000);
        assertThat(load(sip + "recording: {maxActivePerSource: 20}\n").recording().maxActivePerSource()).isEqualTo(20);
        assertThatThrownBy(() -> load(sip + "recording: {maxActivePerSource: 0}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("recording.maxActivePerSource");
    }

    @Test
    void mediaSilenceLimitsHaveDefaultsCanBeSetAndZeroTurnsThemOff() throws ConfigException {
        assertThat(GatewayConfigLoader.loadDefault().calls().mediaTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(GatewayConfigLoader.loadDefault().calls().holdTimeout()).isEqualTo(Duration.ofHours(1));
        GatewayConfig c = load("""
                sip:
                  listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]
                  calls: {mediaTimeout: 30s, holdTimeout: 0s}
                """);
        assertThat(c.calls().mediaTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.calls().holdTimeout()).isZero();
    }

    @Test
    void mediaSilenceLimitsBelowASecondAreRefusedWithTheirLine() {
        assertThatThrownBy(() -> load("""
                sip:
                  listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]
                  calls:
                    mediaTimeout: 500ms
                    holdTimeout: -5s
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().stream().map(Problem::toString))
                .contains("test.yaml:4: sip.calls.mediaTimeout: must be 0 (never) or at least 1s",
                        "test.yaml:5: sip.calls.holdTimeout: must be 0 (never) or at least 1s"));
    }

    @Test
    void routeTrustsDefaultToLoopbackFactsAndCalleeControl() throws Exception {
        Route r = GatewayConfigLoader.loadDefault().routes().get(0);
        assertThat(r.factsTrust()).isEqualTo(PeerTrust.LOOPBACK);
        assertThat(r.control()).isEqualTo(ControlTrust.DEFAULT);
        InetAddress loop = InetAddress.getByName("127.0.0.9");
        InetAddress lan = InetAddress.getByName("10.0.0.7");
        assertThat(r.factsTrust().admits(loop, List.of())).isTrue();
        assertThat(r.factsTrust().admits(lan, List.of())).isFalse();
        assertThat(r.control().refusal(true, loop, List.of())).isEqualTo("untrusted_leg");
        assertThat(r.control().refusal(false, lan, List.of())).isNull();
    }

    @Test
    void routeTrustIsRead() throws Exception {
        GatewayConfig c = load("""
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                routes:
                  - id: agents
                    target: sip:10.0.0.5:5080
                    trust: {networks: [10.1.0.0/16, "2001:db8::/32"], tlsNames: [SBC.example]}
                    recordingControl: {legs: [callee], networks: [10.0.0.5]}
                """);
        Route r = c.routes().get(0);
        assertThat(r.factsTrust().admits(InetAddress.getByName("10.1.200.3"), List.of())).isTrue();
        assertThat(r.factsTrust().admits(InetAddress.getByName("10.2.0.1"), List.of())).isFalse();
        assertThat(r.factsTrust().admits(InetAddress.getByName("2001:db8::5"), List.of())).isTrue();
        assertThat(r.factsTrust().admits(InetAddress.getByName("127.0.0.1"), List.of())).isFalse(); // configured: loopback no longer implied
        assertThat(r.factsTrust().admits(InetAddress.getByName("192.0.2.1"), List.of("sbc.example"))).isTrue();
        assertThat(r.control().refusal(false, InetAddress.getByName("10.0.0.5"), List.of())).isNull();
        assertThat(r.control().refusal(false, InetAddress.getByName("10.0.0.6"), List.of())).isEqualTo("untrusted_peer");
        assertThat(r.control().refusal(true, InetAddress.getByName("10.0.0.5"), List.of())).isEqualTo("untrusted_leg");
    }

    @Test
    void badRouteTrustIsRefusedWithItsLine() {
        assertThatThrownBy(() -> load("""
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                routes:
                  - id: agents
                    target: sip:10.0.0.5:5080
                    trust:
                      networks: [pbx.example, 10.0.0.0/33]
                    recordingControl: {legs: [agent]}
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().stream().map(Problem::toString))
                .anySatisfy(l -> assertThat(l).startsWith("test.yaml:6:").contains("an address, not a name").contains("'pbx.example'"))
                .anySatisfy(l -> assertThat(l).startsWith("test.yaml:6:").contains("'10.0.0.0/33'"))
                .anySatisfy(l -> assertThat(l).startsWith("test.yaml:7:").contains("expected caller or callee, got 'agent'")));
    }

    @Test
    void routeNoticeSettingsAreReadAndBadOnesRefusedWithTheirLine() throws Exception {
        GatewayConfig c = load("""
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                routes:
                  - id: uk
                    target: sip:10.0.0.5:5080
                    notice: {play: early, agentHears: notice, withdrawSequence: "#7", confirmWithdrawal: false}
                  - id: plain
                    target: sip:10.0.0.6:5080
                """);
        assertThat(c.routes().get(0).notice()).isEqualTo(new NoticeConfig(NoticeConfig.Play.EARLY, NoticeConfig.AgentHears.NOTICE, "#7", false));
        assertThat(c.routes().get(1).notice()).isEqualTo(NoticeConfig.DEFAULT);
        assertThatThrownBy(() -> load("""
                sip: {listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]}
                routes:
                  - id: uk
                    target: sip:10.0.0.5:5080
                    notice:
                      play: before
                      agentHears: music
                      withdrawSequence: "*99999999"
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().stream().map(Problem::toString))
                .anySatisfy(l -> assertThat(l).startsWith("test.yaml:6:").contains("expected answer or early, got 'before'"))
                .anySatisfy(l -> assertThat(l).startsWith("test.yaml:7:").contains("expected silence or notice, got 'music'"))
                .anySatisfy(l -> assertThat(l).startsWith("test.yaml:8:").contains("1 to 8 keypad characters")));
    }

    @Test
    void tlsTrustClientCertificateAndClientAuthAreRead() throws Exception {
        Path ca = copyCa("ca.pem");
        Files.writeString(dir.resolve("cert.pem"), "x");
        Files.writeString(dir.resolve("key.pem"), "x");
        GatewayConfig c = load("""
                sip:
                  listeners:
                    - {transport: tls, address: 127.0.0.1, port: 5061, certificate: cert.pem, privateKey: key.pem,
                       clientAuth: require, clientCas: ca.pem}
                    - {transport: tls, address: 127.0.0.1, port: 5062, certificate: cert.pem, privateKey: key.pem}
                  tls: {trustedCas: ca.pem, certificate: cert.pem, privateKey: key.pem}
                """);
        assertThat(c.tls()).isEqualTo(new TlsConfig(Optional.of(ca), Optional.of(dir.resolve("cert.pem")), Optional.of(dir.resolve("key.pem"))));
        assertThat(c.listeners().get(0).clientAuth()).isEqualTo(ClientAuth.REQUIRE);
        assertThat(c.listeners().get(0).clientCas()).contains(ca);
        assertThat(c.listeners().get(1).clientAuth()).isEqualTo(ClientAuth.NONE);
        assertThat(c.listeners().get(1).clientCas()).isEmpty();
    }

    @Test
    void withoutTlsSectionTheJdkTrustStoreIsUsedAndNoClientCertificateOffered() {
        assertThat(GatewayConfigLoader.loadDefault().tls()).isEqualTo(TlsConfig.DEFAULT);
        assertThat(GatewayConfigLoader.loadDefault().listeners()).allSatisfy(l -> assertThat(l.clientAuth()).isEqualTo(ClientAuth.NONE));
    }

    @Test
    void badTlsSettingsAreRefusedWithTheirLine() throws Exception {
        copyCa("ca.pem");
        Files.writeString(dir.resolve("cert.pem"), "x");
        Files.writeString(dir.resolve("key.pem"), "x");
        Files.writeString(dir.resolve("not-a-ca.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        Path missing = dir.resolve("missing-ca.pem");
        assertThatThrownBy(() -> load("""
                sip:
                  listeners:
                    - {transport: tls, address: 127.0.0.1, port: 5061, certificate: cert.pem, privateKey: key.pem, clientAuth: require}
                    - {transport: tls, address: 127.0.0.1, port: 5062, certificate: cert.pem, privateKey: key.pem, clientAuth: sometimes}
                    - {transport: tls, address: 127.0.0.1, port: 5063, certificate: cert.pem, privateKey: key.pem, clientCas: ca.pem}
                    - {transport: tls, address: 127.0.0.1, port: 5064, certificate: cert.pem, privateKey: key.pem,
                       clientAuth: optional, clientCas: not-a-ca.pem}
                    - {transport: tcp, address: 127.0.0.1, port: 5060, clientAuth: require}
                  tls:
                    trustedCas: missing-ca.pem
                    certificate: cert.pem
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().stream().map(Problem::toString))
                .contains("test.yaml:3: sip.listeners[0]: clientAuth: require needs clientCas (the CAs whose client certificates are accepted)",
                        "test.yaml:4: sip.listeners[1].clientAuth: must be none, optional or require, got 'sometimes'",
                        "test.yaml:5: sip.listeners[2].clientCas: applies only with clientAuth: optional or require",
                        "test.yaml:7: sip.listeners[3].clientCas: file " + dir.resolve("not-a-ca.pem") + " holds no PEM certificate",
                        "test.yaml:8: sip.listeners[4].clientAuth: applies to TLS listeners only",
                        "test.yaml:10: sip.tls.trustedCas: file " + missing + " is not readable",
                        "test.yaml:10: sip.tls: certificate and privateKey go together (the client certificate offered to peers that require one)"));
    }

    /** Issue 12, item 10: a log file under /proc was accepted, and every log line was lost. */
    @Test
    void anUnwritableLogFileIsRefusedWithFileAndLine() throws Exception {
        String listeners = "sip:\n  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]\n";
        assertThatThrownBy(() -> load(listeners + "logging:\n  file: /proc/gateway.log\n")).hasMessage(
                "test.yaml:4: logging.file: cannot create /proc/gateway.log: folder /proc is not writable");
        assertThatThrownBy(() -> load(listeners + "logging:\n  file: /proc/callbasis/logs/gateway.log\n"))
                .hasMessageStartingWith("test.yaml:4: logging.file: cannot create /proc/callbasis/logs/gateway.log: folder /proc is not writable");
        assertThatThrownBy(() -> load(listeners + "logging: {file: .}\n"))
                .hasMessage("test.yaml:3: logging.file: " + dir.resolve(".") + " is a directory (give the log file's name, e.g. logs/gateway.log)");
        Path aFile = Files.writeString(dir.resolve("not-a-folder"), "");
        assertThatThrownBy(() -> load(listeners + "logging: {file: not-a-folder/gateway.log}\n"))
                .hasMessage("test.yaml:3: logging.file: cannot create " + aFile.resolve("gateway.log") + ": " + aFile + " is not a folder");
    }

    @Test
    void aWritableLogFileIsAcceptedAndNothingIsLeftBehind() throws Exception {
        GatewayConfig c = load("sip:\n  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]\n"
                + "logging: {file: logs/gateway.log, fileMode: \"0640\"}\n");
        assertThat(c.logging().file()).contains(dir.resolve("logs/gateway.log"));
        assertThat(c.logging().fileMode()).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        assertThat(c.logging().folderMode()).isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
        assertThat(load("sip:\n  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]\n").logging().fileMode())
                .isEqualTo(LoggingConfig.DEFAULT_FILE_MODE);
    }

    @Test
    void aBadLogFileModeIsRefused() {
        String listeners = "sip:\n  listeners: [{transport: udp, address: 127.0.0.1, port: 0}]\n";
        assertThatThrownBy(() -> load(listeners + "logging: {fileMode: rw-r-----}\n"))
                .hasMessage("test.yaml:3: logging.fileMode: expected an octal file mode such as \"0600\" or \"0640\", got 'rw-r-----'");
        assertThatThrownBy(() -> load(listeners + "logging: {fileMode: \"0400\"}\n"))
                .hasMessage("test.yaml:3: logging.fileMode: must let the owner write (the gateway writes the log), e.g. \"0600\", got '0400'");
    }

    private Path copyCa(String name) throws Exception {
        try (var in = getClass().getResourceAsStream("/tls/ca.pem")) {
            return Files.write(dir.resolve(name), in.readAllBytes());
        }
    }

    @Test
    void connectionLimitsAreReadAndCheckedAgainstEachOther() throws Exception {
        GatewayConfig c = load("""
                sip:
                  listeners: [{transport: tcp, address: 127.0.0.1, port: 5060}]
                  limits: {maxHeaders: 50}
                  connections: {max: 500, maxPerSource: 20, messageTimeout: 5s}
                """);
        assertThat(c.limits().maxHeaders()).isEqualTo(50);
        assertThat(c.limits().connections()).isEqualTo(new ConnectionLimits(500, 20, java.time.Duration.ofSeconds(5),
                ConnectionLimits.DEFAULT.idleTimeout()));
        assertThat(GatewayConfigLoader.loadDefault().limits().connections()).isEqualTo(ConnectionLimits.DEFAULT);
        assertThat(GatewayConfigLoader.loadDefault().limits().admission()).isEqualTo(CallAdmission.DEFAULT);
        assertThat(load("""
                sip:
                  listeners: [{transport: udp, address: 127.0.0.1, port: 5060}]
                  admission: {newCallsPerSecond: 1000}
                """).limits().admission()).isEqualTo(new CallAdmission(1000, 1000, java.time.Duration.ofSeconds(5), 65_536, 1000));
        assertThatThrownBy(() -> load("""
                sip:
                  listeners: [{transport: tcp, address: 127.0.0.1, port: 5060}]
                  connections: {max: 10, maxPerSource: 20, messageTimeout: 0s}
                """)).isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.getMessage())
                        .contains("test.yaml:3: ").contains("maxPerSource (20) must not exceed max (10)")
                        .contains("messageTimeout").contains("must be positive"));
    }

    private GatewayConfig load(String yaml) throws ConfigException {
        return GatewayConfigLoader.loadString(yaml, "test.yaml", dir);
    }
}
