package com.callbasis.policy;

import java.time.Instant;
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
 * What checking a consent token adds to a call's decision: form, signature and claims, for each
 * algorithm (run with {@code bench/policy-jmh ConsentTokenBenchmark}). Only calls that carry a token pay it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsentTokenBenchmark {
    static final Instant AT = Instant.parse("2026-03-03T10:00:00Z");

    @Param({"EdDSA", "HS256"})
    String algorithm;

    private ConsentTokens tokens;
    private CallFacts facts;

    @Setup
    public void setUp() {
        tokens = TestTokens.tokens();
        String token = algorithm.equals("EdDSA") ? TestTokens.ivr("+493012345678", "t1", "service", AT)
                : TestTokens.crm("+493012345678", "t1", "service", AT);
        facts = CallFacts.builder().tenant("t1").direction(Direction.INBOUND).caller("+493012345678").callee("+4940123456789")
                .time(AT).consentToken(token).build();
        if (check() != null) {
            throw new IllegalStateException("the benchmark's token does not verify");
        }
    }

    @Benchmark
    public ConsentTokens.Refusal check() {
        return tokens.refusal(tokens.verify(facts.consentToken()), facts, "service");
    }
}
