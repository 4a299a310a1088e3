package com.callbasis.gateway.e2e;

import com.callbasis.config.GatewayConfig;
import com.callbasis.config.GatewayConfigLoader;
import com.callbasis.config.Transport;
import com.callbasis.gateway.SipServer;
import com.callbasis.gateway.recording.RecordingGate;
import com.callbasis.policy.ConsentTokens;
import com.callbasis.policy.InMemoryConsentRegistry;
import com.callbasis.policy.InMemoryObjectionRegistry;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.policy.PseudonymKey;
import com.callbasis.store.RecordingStore;
import com.callbasis.store.crypto.SecretBytes;
import com.callbasis.store.db.RecordingRow;
import com.callbasis.store.db.RecordingState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The whole call path in-process for end-to-end recording tests: SIP, media relay, policy gate with
 * the test policy (resources/policy/recording-e2e-policy.yaml) and an embedded encrypted store.
 * Calls to users starting with {@code quiet} belong to tenant {@code quiet} (never recorded), all
 * others to {@code acme}.
 */
final class RecordingHarness implements AutoCloseable {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final RecordingStore store;
    final RecordingGate gate;
    final PolicyEngine engine;
    final SipServer server;
    final Path dir;

    RecordingHarness(Path dir, int targetPort, String extraYaml) throws Exception {
        this(dir, targetPort, extraYaml, "");
    }

    /** @param acmeRoute extra keys of the acme route (e.g. {@code trust: {...}}), one per line, unindented */
    RecordingHarness(Path dir, int targetPort, String extraYaml, String acmeRoute) throws Exception {
        this(dir, targetPort, extraYaml, acmeRoute, ConsentTokens.NONE);
    }

    /** @param tokens the consent-token issuers the engine trusts */
    RecordingHarness(Path dir, int targetPort, String extraYaml, String acmeRoute, ConsentTokens tokens) throws Exception {
        this(dir, targetPort, extraYaml, acmeRoute, tokens, defaultPolicy(), "");
    }

    private static Policy defaultPolicy() throws Exception {
        try (var in = RecordingHarness.class.getResourceAsStream("/policy/recording-e2e-policy.yaml")) {
            return PolicyLoader.loadString(new String(in.readAllBytes(), StandardCharsets.UTF_8), "recording-e2e-policy.yaml");
        }
    }

    /**
     * @param policy the policy in force
     * @param routes extra routes before the acme one (YAML list items, unindented; {@code %1$d} stands for
     *     the target port), e.g. for other tenants
     */
    RecordingHarness(Path dir, int targetPort, String extraYaml, String acmeRoute, ConsentTokens tokens, Policy policy,
            String routes) throws Exception {
        this.dir = dir;
        try (SecretBytes pass = SecretBytes.copyOf("e2e-test-passphrase".getBytes(StandardCharsets.UTF_8))) {
            store = RecordingStore.openEmbedded(dir.resolve("data"), pass, Clock.systemUTC());
        }
        engine = new PolicyEngine(policy, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(), PseudonymKey.random(),
                tokens, Clock.systemUTC());
        int portMin = 40000 + 2 * java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 9000); // away from SIPp (20000-29999) and the default range
        String yaml = """
                sip:
                  listeners:
                    - {transport: udp, address: 127.0.0.1, port: 0}
                  calls: {noAnswerTimeout: 5s, maxDuration: 1h}
                  timers: {t1: 500ms}
                routes:
                  - id: quiet
                    match: {userPrefix: "quiet"}
                    target: sip:127.0.0.1:%d
                    tenant: quiet
                %s
                  - id: acme
                    target: sip:127.0.0.1:%d
                    tenant: acme
                %s
                media: {address: 127.0.0.1, portMin: %d, portMax: %d}
                http: {enabled: false}
                %s
                """.formatted(targetPort, routes.formatted(targetPort).indent(2).stripTrailing(), targetPort, acmeRoute.indent(4).stripTrailing(), portMin, portMin + 199, extraYaml);
        GatewayConfig cfg = GatewayConfigLoader.loadString(yaml, "e2e.yaml", dir);
        gate = new RecordingGate(engine, store, cfg.recording(), registry, System::nanoTime, Clock.systemUTC());
        server = new SipServer(cfg, registry, gate);
        server.start();
    }

    int port() {
        return server.port(Transport.UDP);
    }

    /** Waits until the tenant has {@code n} sealed recordings (bounded), and returns them. */
    List<RecordingRow> awaitSealed(String tenant, int n, long millis) throws Exception {
        long end = System.currentTimeMillis() + millis;
        List<RecordingRow> sealed = List.of();
        while (System.currentTimeMillis() < end) {
            sealed = store.list(tenant).stream().filter(r -> r.state() == RecordingState.SEALED).toList();
            if (sealed.size() >= n) {
                return sealed;
            }
            Thread.sleep(100);
        }
        return sealed;
    }

    byte[] plaintext(String recordingId) throws Exception {
        try (var reader = store.openReader(recordingId, "test")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            reader.copyTo(out);
            return out.toByteArray();
        }
    }

    /** Every audit entry of a tenant so far, as text (exported the way an auditor gets them). */
    String auditText(String tenant) throws Exception {
        return exported(tenant, "entries");
    }

    /** The decisions of a tenant's audit export, as text. */
    String decisionsText(String tenant) throws Exception {
        return exported(tenant, "decisions");
    }

    private String exported(String tenant, String folder) throws Exception {
        Path out = Files.createTempDirectory(dir, "audit");
        store.audit().export(tenant, Instant.EPOCH, Instant.now().plusSeconds(60), out);
        StringBuilder s = new StringBuilder();
        try (Stream<Path> files = Files.walk(out.resolve(folder))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                s.append(Files.readString(f, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return s.toString();
    }

    double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Override
    public void close() throws Exception {
        server.close();
        gate.close();
        store.close();
    }
}
