package com.callbasis.app.policy;

import com.callbasis.app.Main;
import com.callbasis.app.UserError;
import com.callbasis.config.yaml.ConfigException;
import com.callbasis.config.yaml.Problem;
import com.callbasis.config.yaml.YamlText;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ./gateway policy ...}: check, explain and test lawful-basis policy files. */
@Command(name = "policy", description = "Check, explain and test lawful-basis policy files (see docs/policy.md).",
        subcommands = {PolicyCheckCommand.class, PolicyExplainCommand.class, PolicyTestCommand.class})
public final class PolicyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Prints a refused file's problems, one per line, and returns the usage exit code. */
    static int refused(CommandLine cl, String what, ConfigException e) {
        for (Problem p : e.problems()) {
            cl.getErr().println(p);
        }
        cl.getErr().println("gateway: " + what + " refused: " + e.problems().size() + " error(s)");
        return Main.USAGE;
    }

    /** A policy file argument: readable YAML text, else a one-line user error saying what is wrong with it. */
    static Path policyFile(Path p) {
        return yamlFile(p, "policy file", "policy.yaml");
    }

    /**
     * A YAML file argument ({@code kind}, typically named like {@code example}): readable text, else a
     * one-line user error such as "/etc: is a directory, not a policy file (give the YAML file, e.g. policy.yaml)".
     */
    static Path yamlFile(Path p, String kind, String example) {
        YamlText.problem(p, kind, example).ifPresent(why -> {
            throw new UserError(p + ": " + why);
        });
        return p;
    }

    /** A file argument that must exist ({@code kind} names it in the message), else a one-line user error. */
    static Path existing(Path p, String kind) {
        if (Files.isDirectory(p)) {
            throw new UserError(p + ": is a directory, not a " + kind);
        }
        if (!Files.isRegularFile(p)) {
            throw new UserError("no such file: " + p);
        }
        return p;
    }
}
