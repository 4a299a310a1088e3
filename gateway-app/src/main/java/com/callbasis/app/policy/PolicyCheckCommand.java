package com.callbasis.app.policy;

import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import com.callbasis.policy.Policy;
import com.callbasis.policy.PolicyLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code policy check FILE}: exit 0 when valid (warnings printed), 2 with every error. */
@Command(name = "check", description = "Validate a policy file: exit 0 when valid (warnings printed), 2 with every error.")
public final class PolicyCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Policy YAML file.")
    Path file;

    @Override
    public Integer call() {
        Policy policy;
        try {
            policy = PolicyLoader.load(PolicyCommand.policyFile(file));
        } catch (ConfigException e) {
            return PolicyCommand.refused(spec.commandLine(), "policy", e);
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Problem w : policy.warnings()) {
            out.println("warning: " + w);
        }
        out.println(file + ": valid, " + policy.ruleIds().size() + " rules, " + policy.warnings().size() + " warning(s), digest "
                + policy.digest());
        return 0;
    }
}
