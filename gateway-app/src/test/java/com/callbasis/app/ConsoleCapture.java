package com.callbasis.app;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** For command tests: each test's standard output and error, captured (the commands print to System.out/err). */
public abstract class ConsoleCapture {
    protected final ByteArrayOutputStream out = new ByteArrayOutputStream();
    protected final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    protected String outText() {
        return out.toString(StandardCharsets.UTF_8);
    }

    protected String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    protected List<String> outLines() {
        return outText().lines().toList();
    }

    protected List<String> errLines() {
        return errText().lines().toList();
    }
}
