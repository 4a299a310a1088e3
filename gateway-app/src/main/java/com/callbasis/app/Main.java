package com.callbasis.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./gateway}. Every subcommand registers here; user errors end with one line on
 * standard error and exit code 2, never a stack trace.
 *
 * <p>{@code scope = INHERIT} gives every command and subcommand {@code --help} and {@code --version}
 * (issue 12, item 13: only {@code run} had them, so the hint of every usage error pointed to a command
 * that failed too). A new command needs nothing for it.
 */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        scope = CommandLine.ScopeType.INHERIT,
        description = "Lawful-basis call-recording gateway for contact-centre telephony.",
        subcommands = {
            RunCommand.class,
            com.callbasis.app.store.InitCommand.class,
            com.callbasis.app.policy.PolicyCommand.class,
            com.callbasis.app.store.RecordingsCommand.class,
            com.callbasis.app.store.SubjectsCommand.class,
            com.callbasis.app.store.RetentionCommand.class,
            com.callbasis.app.store.HoldsCommand.class,
            com.callbasis.app.store.AuditCommand.class,
            com.callbasis.app.store.KeysCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    /** Exit code for a user error (bad argument, bad file). */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        productionDefaults();
        System.exit(execute(args));
    }

    /**
     * Netty's leak detector, on by default, touches every message on every pipeline hop: about 3 % of
     * the media relay's CPU. The tests run it at paranoid (pom.xml); the gateway itself runs without
     * it unless {@code -Dio.netty.leakDetection.level} says otherwise. Set before Netty loads.
     */
    static void productionDefaults() {
        System.getProperties().putIfAbsent("io.netty.leakDetection.level", "disabled");
    }

    /** Runs a command line and returns its exit code; tests call this directly. */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("gateway: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UserError u) {
                commandLine.getErr().println("gateway: " + u.getMessage());
                return u.exitCode();
            }
            throw ex;
        });
        return cl;
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** Version from the jar manifest (or "dev" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"gateway " + (v == null ? "dev" : v)};
        }
    }
}
