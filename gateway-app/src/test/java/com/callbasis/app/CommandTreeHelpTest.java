package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Issue 12, item 13: {@code --help} on a subcommand was an unknown option, and usage errors pointed to it. */
class CommandTreeHelpTest {
    private record Result(int code, String out, String err) {
    }

    private static Result run(List<String> args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args.toArray(String[]::new));
        return new Result(code, out.toString(), err.toString());
    }

    /** Every command below {@code cl}, each with the words that name it on the command line. */
    private static void walk(CommandLine cl, List<String> words, List<List<String>> into) {
        into.add(words);
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) { // aliases would repeat the same command
                List<String> next = new ArrayList<>(words);
                next.add(name);
                walk(sub, next, into);
            }
        });
    }

    @Test
    void everyCommandAnswersHelp() {
        List<List<String>> commands = new ArrayList<>();
        walk(Main.commandLine(), List.of(), commands);
        assertThat(commands).hasSizeGreaterThan(10);
        for (List<String> words : commands) {
            CommandLine cl = Main.commandLine();
            for (String w : words) {
                cl = cl.getSubcommands().get(w);
            }
            List<String> args = new ArrayList<>(words);
            args.add("--help");
            Result r = run(args);
            assertThat(r.code()).as("exit code of %s", args).isZero();
            assertThat(r.err()).as("standard error of %s", args).isEmpty();
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!o.hidden()) {
                    assertThat(r.out()).as("help of %s", args).contains(o.longestName());
                }
            }
        }
    }

    @Test
    void aUsageErrorPointsToAHelpThatWorks() {
        Result r = run(List.of("policy", "check", "--bogus"));
        assertThat(r.code()).isEqualTo(Main.USAGE);
        Matcher m = Pattern.compile("\\(see '([^']+)'\\)").matcher(r.err());
        assertThat(m.find()).as(r.err()).isTrue();
        List<String> hint = List.of(m.group(1).split(" "));
        assertThat(hint).startsWith("gateway").endsWith("--help");
        Result help = run(hint.subList(1, hint.size()));
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: gateway policy check");
    }
}
