package com.callbasis.app.policy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.policy.ConsentRecord;
import com.callbasis.policy.ConsentTokens;
import com.callbasis.policy.Decision;
import com.callbasis.policy.InMemoryConsentRegistry;
import com.callbasis.policy.InMemoryObjectionRegistry;
import com.callbasis.policy.ObjectionRecord;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyEngine;
import com.callbasis.policy.PolicyLoader;
import com.callbasis.policy.PseudonymKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy test FILE CASES.yaml [--coverage]}: runs each case against the policy, prints every
 * failure with the decision's explanation, and ends with {@code N passed, N failed}. Exit 0 when none
 * failed, 1 when some did, 2 when a file is refused.
 */
@Command(name = "test", description = "Run test cases against a policy; the last line is 'N passed, N failed'.")
public final class PolicyTestCommand implements Callable<Integer> {
    /** Exit code when at least one case failed. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Policy YAML file.")
    Path file;

    @Parameters(index = "1", paramLabel = "CASES.yaml", description = "Test cases (docs/policy.md, 'Test cases').")
    Path casesFile;

    @Option(names = "--config", paramLabel = "GATEWAY.yaml",
            description = "Check consent tokens against this gateway configuration's issuers (policy.consentTokens); without it no token counts.")
    Path config;

    @Option(names = "--coverage", description = "Also list the rules that no case reached.")
    boolean coverage;

    @Override
    public Integer call() {
        Policy policy;
        List<PolicyCases.Case> cases;
        try {
            policy = PolicyLoader.load(PolicyCommand.policyFile(file));
        } catch (ConfigException e) {
            return PolicyCommand.refused(spec.commandLine(), "policy", e);
        }
        try {
            cases = PolicyCases.load(PolicyCommand.yamlFile(casesFile, "test-case file", "example-cases.yaml"));
        } catch (ConfigException e) {
            return PolicyCommand.refused(spec.commandLine(), "test cases", e);
        }
        ConsentTokens tokens = PolicyWiring.consentTokens(config, spec.commandLine());
        if (tokens == null) {
            return com.callbasis.app.Main.USAGE;
        }
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0;
        int failed = 0;
        Set<String> reached = new TreeSet<>();
        for (PolicyCases.Case c : cases) {
            Decision d = decide(policy, tokens, c);
            if (d.rule() != null) {
                reached.add(d.rule());
            }
            List<String> diffs = c.expect().diffs(d);
            if (diffs.isEmpty()) {
                passed++;
                continue;
            }
            failed++;
            out.println("FAIL " + c.name() + " (" + casesFile + ":" + c.line() + ")");
            diffs.forEach(x -> out.println("  " + x));
            out.println("  explanation:");
            d.explanationLines().forEach(x -> out.println("    " + x));
        }
        if (coverage) {
            List<String> missed = new ArrayList<>();
            for (String id : policy.ruleIds()) {
                if (!reached.contains(id)) {
                    missed.add(id);
                }
            }
            out.println("coverage: " + reached.size() + " of " + policy.ruleIds().size() + " rules reached");
            for (String id : missed) {
                out.println("  not reached: " + id + " (" + file + ":" + policy.ruleLine(id) + ")");
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? 0 : FAILED;
    }

    /**
     * Each case runs on fresh registries holding only the records the case declares, keyed like the
     * gateway's: the call's subject party, pseudonymised per tenant (the record's, by default the call's).
     */
    private static Decision decide(Policy policy, ConsentTokens tokens, PolicyCases.Case c) {
        InMemoryConsentRegistry consents = new InMemoryConsentRegistry();
        InMemoryObjectionRegistry objections = new InMemoryObjectionRegistry();
        PolicyEngine engine = new PolicyEngine(policy, consents, objections, PseudonymKey.insecureForTesting(), tokens,
                java.time.Clock.systemUTC());
        String party = c.facts().subjectParty();
        for (PolicyCases.Consent k : c.consents()) {
            String tenant = k.tenant() != null ? k.tenant() : c.facts().tenant();
            String subject = engine.subjectKey(tenant, party);
            if (subject != null) {
                consents.record(new ConsentRecord(subject, tenant, k.purpose(), k.method(), k.noticeVersion(), k.at(), k.withdrawnAt()));
            }
        }
        for (PolicyCases.Objection o : c.objections()) {
            String tenant = o.tenant() != null ? o.tenant() : c.facts().tenant();
            String subject = engine.subjectKey(tenant, party);
            if (subject != null) {
                objections.record(new ObjectionRecord(subject, tenant, o.method(), o.at()));
            }
        }
        return engine.decide(c.facts());
    }
}
