package com.callbasis.gateway.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every committed seed and fixed finding through its fuzz target, so a finding once fixed
 * stays fixed without Jazzer in the suite ({@code bench/fuzz} does the fuzzing). The SIP targets
 * also replay the RFC 4475 torture messages and the SIP fixtures.
 */
class FuzzCorpusTest {
    @TestFactory
    Stream<DynamicTest> sipMessages() throws Exception {
        return replay(SipMessageFuzzTarget::fuzzerTestOneInput, "fuzz/SipMessageFuzzTarget", "rfc4475", "sip-fixtures");
    }

    @TestFactory
    Stream<DynamicTest> sipStreams() throws Exception {
        return replay(SipStreamFramerFuzzTarget::fuzzerTestOneInput, "fuzz/SipStreamFramerFuzzTarget", "rfc4475");
    }

    @TestFactory
    Stream<DynamicTest> sessionDescriptions() throws Exception {
        return replay(SdpFuzzTarget::fuzzerTestOneInput, "fuzz/SdpFuzzTarget");
    }

    @TestFactory
    Stream<DynamicTest> rtpPackets() throws Exception {
        return replay(RtpPacketFuzzTarget::fuzzerTestOneInput, "fuzz/RtpPacketFuzzTarget");
    }

    @TestFactory
    Stream<DynamicTest> consentTokens() throws Exception {
        return replay(ConsentTokenFuzzTarget::fuzzerTestOneInput, "fuzz/ConsentTokenFuzzTarget");
    }

    /** The token seeds must be accepted, or the fuzzer would start from refusals and never reach the checks behind the signature. */
    @Test
    void theConsentTokenSeedsAreValidlySigned() {
        for (String token : ConsentTokenFuzzTarget.validTokens()) {
            assertThat(ConsentTokenFuzzTarget.accepts(token)).as(token).isTrue();
        }
    }

    private static Stream<DynamicTest> replay(Consumer<byte[]> target, String... folders) throws IOException, URISyntaxException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String folder : folders) {
            Path dir = Path.of(FuzzCorpusTest.class.getClassLoader().getResource(folder).toURI());
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    byte[] data = Files.readAllBytes(f);
                    tests.add(DynamicTest.dynamicTest(folder + "/" + f.getFileName(), () -> target.accept(data)));
                }
            }
        }
        assertThat(tests).as("seeds in " + String.join(", ", folders)).hasSizeGreaterThan(1);
        return tests.stream();
    }
}
