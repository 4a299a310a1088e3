package com.callbasis.gateway.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.callbasis.gateway.media.srtp.TestPackets.Kind;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdesNegotiationTest {
    private static final String KEY_1 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
    private static final String KEY_2 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private final SdesNegotiation all = SdesNegotiation.withAllSuites();

    @Test
    void answersTheFirstUsableLineWithTheSameTagAndAFreshKey() {
        List<String> offer = List.of(
                "1 F8_128_HMAC_SHA1_80 inline:" + KEY_1,                        // unknown suite
                "2 AES_CM_128_HMAC_SHA1_80 inline:notbase64!",                  // broken
                "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_1 + "|2^20|1:4",      // MKI
                "4 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_2 + " UNENCRYPTED_SRTP", // refused parameter
                "5 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_2,
                "6 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_1);
        SdesSelection s = all.answer(offer).orElseThrow();
        assertThat(s.remote().tag()).isEqualTo(5);
        assertThat(s.remote().toAttributeValue()).isEqualTo(offer.get(4));
        assertThat(s.local().tag()).isEqualTo(5);
        assertThat(s.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
        assertThat(s.local().masterKey()).isNotEqualTo(s.remote().masterKey());
        assertThat(s.local().toAttributeValue()).startsWith("5 AES_CM_128_HMAC_SHA1_32 inline:")
                .doesNotContain(KEY_2);
    }

    @Test
    void respectsTheAcceptedSuites() {
        SdesNegotiation only80 = new SdesNegotiation(new SecureRandom(), EnumSet.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        Optional<SdesSelection> s = only80.answer(List.of(
                "1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_2,
                "2 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_1));
        assertThat(s).get().extracting(x -> x.local().tag()).isEqualTo(2);
    }

    @Test
    void nothingUsableGivesEmpty() {
        assertThat(all.answer(List.of())).isEmpty();
        assertThat(all.answer(List.of("1 F8_128_HMAC_SHA1_80 inline:" + KEY_1, "garbage"))).isEmpty();
        assertThat(new SdesNegotiation(new SecureRandom(), EnumSet.noneOf(SrtpSuite.class))
                .answer(List.of("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_1))).isEmpty();
    }

    @Test
    void offersOneLinePerSuiteWithTagsFromOne() {
        List<SdesCrypto> offer = all.offer(SdesNegotiation.DEFAULT_OFFER);
        assertThat(offer).extracting(SdesCrypto::tag).containsExactly(1, 2);
        assertThat(offer).extracting(SdesCrypto::suite).containsExactlyElementsOf(SdesNegotiation.DEFAULT_OFFER);
        assertThat(offer.get(0).masterKey()).isNotEqualTo(offer.get(1).masterKey());
        assertThat(offer.get(0).toAttributeValue()).matches("1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}");
    }

    @Test
    void answerMustMatchAnOfferedTagAndSuite() {
        List<SdesCrypto> offer = all.offer(SdesNegotiation.DEFAULT_OFFER);
        assertThatThrownBy(() -> all.acceptAnswer(offer, "3 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_1))
                .isInstanceOf(SdesException.class).hasMessageContaining("not offered");
        assertThatThrownBy(() -> all.acceptAnswer(offer, "1 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_1))
                .isInstanceOf(SdesException.class).hasMessageContaining("suite");
        assertThatThrownBy(() -> all.acceptAnswer(offer, "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_1 + "|1:1"))
                .isInstanceOf(SdesException.class).hasMessageContaining("MKI");
        assertThatThrownBy(() -> all.acceptAnswer(offer, "1 AES_CM_128_HMAC_SHA1_80 inline:short"))
                .isInstanceOf(SdesException.class);
        SdesSelection ok = all.acceptAnswer(offer, "2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_2);
        assertThat(ok.local()).isSameAs(offer.get(1));
        assertThat(ok.remote().toAttributeValue()).isEqualTo("2 AES_CM_128_HMAC_SHA1_32 inline:" + KEY_2);
    }

    /** The gateway offers on one leg, a peer answers, and media flows both ways with the result. */
    @Test
    void offerAnswerEndToEnd() {
        SdesNegotiation gateway = SdesNegotiation.withAllSuites();
        SdesNegotiation phone = SdesNegotiation.withAllSuites();
        List<SdesCrypto> offer = gateway.offer(List.of(SrtpSuite.AEAD_AES_128_GCM, SrtpSuite.AES_CM_128_HMAC_SHA1_80));
        SdesSelection phoneSide = phone.answer(offer.stream().map(SdesCrypto::toAttributeValue).toList()).orElseThrow();
        SdesSelection gatewaySide = gateway.acceptAnswer(offer, phoneSide.local().toAttributeValue());
        assertThat(gatewaySide.suite()).isEqualTo(SrtpSuite.AEAD_AES_128_GCM);

        try (SrtpTransform g = gatewaySide.newTransform(); SrtpTransform p = phoneSide.newTransform()) {
            byte[] plain = TestPackets.rtp(1, 99, TestPackets.PAYLOAD_160);
            ByteBuf toPhone = g.protectRtp(Kind.POOLED_DIRECT.of(plain));
            assertThat(p.unprotectRtp(toPhone)).isTrue();
            assertThat(TestPackets.drain(toPhone)).isEqualTo(plain);
            ByteBuf toGateway = p.protectRtp(Kind.POOLED_DIRECT.of(plain));
            assertThat(g.unprotectRtp(toGateway)).isTrue();
            assertThat(TestPackets.drain(toGateway)).isEqualTo(plain);
        }
    }
}
