package com.callbasis.gateway.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.srtp.TestPackets.Kind;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * jitsi-srtp, through {@link SrtpTransform}, against the independent {@link ReferenceSrtp}: byte for
 * byte equal output when protecting, and acceptance of the reference's packets when unprotecting.
 * Master keys are the RFC 3711 B.3 and RFC 6188 ones the reference was checked with.
 */
class SrtpTransformInteropTest {
    private static final SrtpMasterKey RFC3711_KEY = ReferenceKeys.RFC3711;
    private static final SrtpMasterKey RFC6188_KEY = ReferenceKeys.RFC6188;
    private static final int SSRC = 0xCAFEBABE;

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        SrtpMasterKey k192 = SrtpMasterKey.generate(SrtpSuite.AES_192_CM_HMAC_SHA1_80, new SecureRandom());
        for (Kind kind : Kind.values()) {
            all.add(Arguments.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, RFC3711_KEY, kind));
            all.add(Arguments.of(SrtpSuite.AES_CM_128_HMAC_SHA1_32, RFC3711_KEY, kind));
            all.add(Arguments.of(SrtpSuite.AES_256_CM_HMAC_SHA1_80, RFC6188_KEY, kind));
            all.add(Arguments.of(SrtpSuite.AES_192_CM_HMAC_SHA1_32, k192, kind));
        }
        return all.stream();
    }

    private static SdesCrypto other(SrtpSuite suite) {
        return SdesCrypto.generate(9, suite, new SecureRandom());
    }

    /** Crosses a sequence number wrap, so the ROC (RFC 3711 s.3.3.1) goes from 0 to 1 mid-test. */
    private static final int[] SEQS = {65533, 65534, 65535, 0, 1, 2};

    @ParameterizedTest
    @MethodSource("cases")
    void protectRtpMatchesReference(SrtpSuite suite, SrtpMasterKey key, Kind kind) throws Exception {
        try (SrtpTransform t = new SrtpTransform(SdesCrypto.of(1, suite, key), other(suite))) {
            for (int seq : SEQS) {
                byte[] plain = TestPackets.rtp(seq, SSRC, TestPackets.PAYLOAD_160);
                int roc = seq < 100 ? 1 : 0;
                byte[] expected = ReferenceSrtp.protectRtp(key.key(), key.salt(), plain, roc, suite.rtpTagLength());
                ByteBuf out = t.protectRtp(kind.of(plain));
                assertThat(out).isNotNull();
                assertThat(TestPackets.drain(out)).as("seq %d", seq).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void unprotectRtpAcceptsReference(SrtpSuite suite, SrtpMasterKey key, Kind kind) throws Exception {
        try (SrtpTransform t = new SrtpTransform(other(suite), SdesCrypto.of(1, suite, key))) {
            for (int seq : SEQS) {
                byte[] plain = TestPackets.rtp(seq, SSRC, TestPackets.PAYLOAD_160);
                int roc = seq < 100 ? 1 : 0;
                ByteBuf in = kind.of(ReferenceSrtp.protectRtp(key.key(), key.salt(), plain, roc, suite.rtpTagLength()));
                assertThat(t.unprotectRtp(in)).as("seq %d", seq).isTrue();
                assertThat(TestPackets.drain(in)).isEqualTo(plain);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void srtcpBothWaysMatchesReference(SrtpSuite suite, SrtpMasterKey key, Kind kind) throws Exception {
        byte[] plain = TestPackets.rtcp(SSRC);
        try (SrtpTransform sender = new SrtpTransform(SdesCrypto.of(1, suite, key), other(suite));
                SrtpTransform receiver = new SrtpTransform(other(suite), SdesCrypto.of(1, suite, key))) {
            for (int index = 0; index < 3; index++) {
                byte[] expected = ReferenceSrtp.protectRtcp(key.key(), key.salt(), plain, index);
                ByteBuf out = sender.protectRtcp(kind.of(plain));
                assertThat(TestPackets.drain(out)).as("index %d", index).isEqualTo(expected);

                ByteBuf in = kind.of(expected);
                assertThat(receiver.unprotectRtcp(in)).isTrue();
                assertThat(TestPackets.drain(in)).isEqualTo(plain);
            }
        }
    }
}
