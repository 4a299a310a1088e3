package com.callbasis.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Command-line errors: one line, exit code 2, no stack trace. */
class MainTest {
    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        var cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Result(code, err.toString());
    }

    @Test
    void unknownOptionIsOneLineAndExit2() {
        Result r = run("--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).containsExactly("gateway: Unknown option: '--bogus' (see 'gateway --help')");
    }

    @Test
    void badHostPortIsOneLineAndExit2() {
        Result r = run("run", "--sip-udp", "localhost:5060");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("host must be an IP address in 'localhost:5060'");
        Result port = run("run", "--http", "127.0.0.1:http");
        assertThat(port.code()).isEqualTo(2);
        assertThat(port.err()).contains("port must be a number in '127.0.0.1:http'");
    }

    @Test
    void unknownCommandIsOneLineAndExit2() {
        Result r = run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void helpListsRun() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf));
        try {
            assertThat(Main.execute("--help")).isZero();
        } finally {
            System.setOut(old);
        }
        assertThat(buf.toString()).contains("  run ").contains("Start the gateway");
    }
}
