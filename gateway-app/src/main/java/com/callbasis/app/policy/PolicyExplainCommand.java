package com.callbasis.app.policy;

import com.callbasis.app.UserError;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.policy.CallFacts;
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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code policy explain FILE FACTS.json}: prints the decision as canonical JSON. Registries are empty
 * unless {@code --consent} / {@code --objection} say otherwise; pseudonyms use the public test key so
 * the output is reproducible (it is for review, not for the audit log).
 */
@Command(name = "explain", description = "Decide one call from a JSON facts file and print the decision as canonical JSON.")
public final class PolicyExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Policy YAML file.")
    Path file;

    @Parameters(index = "1", paramLabel = "FACTS.json", description = "Call facts (docs/policy.md, 'Call facts').")
    Path facts;

    @Option(names = "--consent", paramLabel = "PURPOSE",
            description = "Pretend the subject gave consent for PURPOSE before the call (repeatable).")
    List<String> consent = new ArrayList<>();

    @Option(names = "--config", paramLabel = "GATEWAY.yaml",
            description = "Check consent tokens against this gateway configuration's issuers (policy.consentTokens); without it no token counts.")
    Path config;

    @Option(names = "--objection", description = "Pretend the subject objected (Art. 21) to this tenant before the call.")
    boolean objection;

    @Override
    public Integer call() {
        Policy policy;
        try {
            policy = PolicyLoader.load(PolicyCommand.policyFile(file));
        } catch (ConfigException e) {
            return PolicyCommand.refused(spec.commandLine(), "policy", e);
        }
        CallFacts f;
        try {
            f = CallFacts.fromJson(Files.readString(PolicyCommand.existing(facts, "call-facts file (JSON)"), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("cannot read " + facts + ": " + e.getClass().getSimpleName());
        } catch (IllegalArgumentException e) {
            throw new UserError(facts + ": " + e.getMessage());
        }
        ConsentTokens tokens = PolicyWiring.consentTokens(config, spec.commandLine());
        if (tokens == null) {
            return com.callbasis.app.Main.USAGE;
        }
        InMemoryConsentRegistry consents = new InMemoryConsentRegistry();
        InMemoryObjectionRegistry objections = new InMemoryObjectionRegistry();
        PolicyEngine engine = new PolicyEngine(policy, consents, objections, PseudonymKey.insecureForTesting(), tokens, Clock.systemUTC());
        String subject = engine.subjectKey(f.tenant(), f.subjectParty());
        if ((objection || !consent.isEmpty()) && subject == null) {
            throw new UserError(facts + ": --consent and --objection need a subject with a usable identity (the " + (f.direction().code().equals("inbound") ? "caller" : "callee") + ")");
        }
        for (String purpose : consent) {
            consents.record(ConsentRecord.given(subject, f.tenant(), purpose, "cli", "cli", Instant.EPOCH));
        }
        if (objection) {
            objections.record(new ObjectionRecord(subject, f.tenant(), "cli", Instant.EPOCH));
        }
        Decision d = engine.decide(f);
        spec.commandLine().getOut().println(d.canonicalJson());
        return 0;
    }
}
