package com.callbasis.policy;

import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Decision latency for policies of 10, 1,000 and 10,000 rules (run with bench/policy-jmh; Surefire
 * never runs it: the class name does not end in Test).
 *
 * <p>Shapes: {@code multi-tenant} is a contact centre with one tenant per ten rules, each tenant's
 * rules split by queue, direction, jurisdiction and headers, so the index narrows the search to the
 * tenant; {@code prefix-only} is the adversarial case where all rules share tenant and queue and
 * differ only in number prefix, which no index field covers, so rules are tested one by one. Facts
 * are built outside the measurement (the gateway builds them once per call) from a pool of 1,024.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PolicyDecisionBenchmark {
    @Param({"10", "1000", "10000"})
    int rules;

    @Param({"multi-tenant", "prefix-only"})
    String shape;

    private PolicyEngine engine;
    private CallFacts[] facts;
    private int next;

    static final String[] QUEUES = {"orders", "service", "payments", "sales", "callbacks"};
    static final String[] JURISDICTIONS = {"GB", "DE", "US-CA", "FR"};
    static final String[] NUMBERS = {"+442079460123", "+493012345678", "+14155550123", "+33123456789", "+12145550123"};

    @Setup
    public void setUp() throws Exception {
        String yaml = shape.equals("multi-tenant") ? multiTenant(rules) : prefixOnly(rules);
        Policy policy = PolicyLoader.loadString(yaml, "bench.yaml");
        engine = new PolicyEngine(policy, new InMemoryConsentRegistry(), new InMemoryObjectionRegistry(), PseudonymKey.random());
        Random rnd = new Random(42);
        facts = new CallFacts[1024];
        int tenants = Math.max(1, rules / 10);
        for (int i = 0; i < facts.length; i++) {
            CallFacts.Builder b = CallFacts.builder()
                    .tenant(shape.equals("multi-tenant") ? "t" + rnd.nextInt(tenants) : "t0")
                    .direction(rnd.nextBoolean() ? Direction.INBOUND : Direction.OUTBOUND)
                    .caller(NUMBERS[rnd.nextInt(NUMBERS.length)])
                    .callee(shape.equals("multi-tenant") ? NUMBERS[rnd.nextInt(NUMBERS.length)] : "+4420" + (10_000_000 + rnd.nextInt(rules)))
                    .queue(QUEUES[rnd.nextInt(QUEUES.length)])
                    .time(Instant.parse("2026-03-03T10:00:00Z").plusSeconds(rnd.nextInt(86_400)));
            if (rnd.nextInt(4) == 0) {
                b.header("X-Retention-Hold", "regulator");
            }
            facts[i] = b.build();
        }
    }

    /** One tenant per ten rules; a tenant's rules cover its queues, then a catch-all. */
    static String multiTenant(int n) {
        int tenants = Math.max(1, n / 10);
        StringBuilder y = new StringBuilder("version: 1\nretentionClasses: {mifid: P5Y, qa: P90D}\n"
                + "jurisdictions: {GB: {requireNotice: true}, DE: {requireConsent: true}, US-CA: {allPartyConsent: notice}}\ntenants:\n");
        for (int t = 0; t < tenants; t++) {
            y.append("  t").append(t).append(": {}\n");
        }
        y.append("rules:\n");
        int written = 0;
        for (int t = 0; t < tenants && written < n; t++) {
            String[] kinds = {
                "{tenant: t%d, queue: orders, headers: {X-Retention-Hold: regulator}}|legal_obligation|mifid",
                "{tenant: t%d, queue: orders}|legal_obligation|mifid",
                "{tenant: t%d, queue: payments, direction: inbound}|legitimate_interests|qa",
                "{tenant: t%d, queue: sales, direction: outbound, calleeJurisdiction: [US-CA]}|legitimate_interests|qa",
                "{tenant: t%d, queue: sales, direction: outbound}|legitimate_interests|qa",
                "{tenant: t%d, queue: service, jurisdiction: [DE]}|consent|qa",
                "{tenant: t%d, queue: service, direction: inbound}|contract|qa",
                "{tenant: t%d, queue: callbacks, time: {days: [sat-sun], from: '09:00', to: '17:00', zone: Europe/London}}|none|qa",
                "{tenant: t%d, queue: callbacks}|legitimate_interests|qa",
                "{tenant: t%d}|none|qa",
            };
            for (int k = 0; k < kinds.length && written < n; k++, written++) {
                String[] parts = kinds[k].split("\\|");
                y.append("  - id: t").append(t).append("-r").append(k).append("\n    match: ").append(String.format(parts[0], t)).append('\n');
                y.append(outcome(parts[1], parts[2]));
            }
        }
        return y.toString();
    }

    /** Every rule for the same tenant and queue, told apart only by callee prefix. */
    static String prefixOnly(int n) {
        StringBuilder y = new StringBuilder("version: 1\nretentionClasses: {qa: P90D}\ntenants: {t0: {}}\nrules:\n");
        for (int i = 0; i < n; i++) {
            y.append("  - id: p").append(i).append("\n    match: {tenant: t0, calleePrefix: '+4420").append(10_000_000 + i)
                    .append("'}\n").append(outcome("contract", "qa"));
        }
        return y.toString();
    }

    private static String outcome(String basis, String retention) {
        return switch (basis) {
            case "none" -> "    record: false\n";
            case "legal_obligation" -> "    record: true\n    basis: legal_obligation\n    citation: MiFID II Art. 16(7)\n    purpose: p\n    retention: "
                    + retention + "\n    obligations: [play_notice]\n";
            case "legitimate_interests" -> "    record: true\n    basis: legitimate_interests\n    lia: LIA-1\n    purpose: p\n    retention: " + retention + "\n";
            case "consent" -> "    record: true\n    basis: consent\n    purpose: p\n    retention: " + retention + "\n    obligations: [require_consent_dtmf]\n";
            default -> "    record: true\n    basis: " + basis + "\n    purpose: p\n    retention: " + retention + "\n";
        };
    }

    /** The decision alone: what the gateway waits for before it may record. */
    @Benchmark
    public Decision decide() {
        return engine.decide(facts[next++ & 1023]);
    }

    /** Decision plus its canonical JSON and id: what the audit log path costs on top. */
    @Benchmark
    public String decideAndSerialize() {
        return engine.decide(facts[next++ & 1023]).canonicalJson();
    }
}
