package com.callbasis.gateway.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class SdesCryptoTest {
    /** The example of RFC 4568 s.4 (and s.6.1: lifetime 2^20, MKI 1 in 4 octets). */
    private static final String RFC_EXAMPLE =
            "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4";
    private static final String KEY_B64 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

    @Test
    void parsesTheRfcExample() {
        SdesCrypto c = SdesCrypto.parse(RFC_EXAMPLE);
        assertThat(c.tag()).isEqualTo(1);
        assertThat(c.suite()).isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_80);
        assertThat(c.lifetime()).hasValue(1L << 20);
        assertThat(c.hasMki()).isTrue();
        assertThat(c.mkiValue()).hasValue(1);
        assertThat(c.mkiLength()).isEqualTo(4);
        byte[] raw = Base64.getDecoder().decode(KEY_B64);
        assertThat(c.masterKey().key()).containsExactly(java.util.Arrays.copyOf(raw, 16));
        assertThat(c.masterKey().salt()).containsExactly(java.util.Arrays.copyOfRange(raw, 16, 30));
        assertThat(c.toAttributeValue()).isEqualTo(RFC_EXAMPLE);
    }

    @Test
    void toleratesAttributePrefixAndSurroundingSpace() {
        assertThat(SdesCrypto.parse("a=crypto:" + RFC_EXAMPLE + "\r\n").toAttributeValue()).isEqualTo(RFC_EXAMPLE);
        assertThat(SdesCrypto.parse("crypto:" + RFC_EXAMPLE).toAttributeValue()).isEqualTo(RFC_EXAMPLE);
        assertThat(SdesCrypto.parse("1\tAES_CM_128_HMAC_SHA1_32  inline:" + KEY_B64).suite())
                .isEqualTo(SrtpSuite.AES_CM_128_HMAC_SHA1_32);
    }

    @Test
    void lifetimeAndMkiAreOptionalAndIndependent() {
        SdesCrypto bare = SdesCrypto.parse("7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64);
        assertThat(bare.lifetime()).isEmpty();
        assertThat(bare.hasMki()).isFalse();
        assertThat(bare.toAttributeValue()).isEqualTo("7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64);

        SdesCrypto mkiOnly = SdesCrypto.parse("7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|3:1");
        assertThat(mkiOnly.lifetime()).isEmpty();
        assertThat(mkiOnly.mkiValue()).hasValue(3);

        SdesCrypto decimal = SdesCrypto.parse("7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|1048576");
        assertThat(decimal.lifetime()).hasValue(1L << 20);
        assertThat(decimal.toAttributeValue()).endsWith("|2^20");
        SdesCrypto odd = SdesCrypto.parse("7 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|1000");
        assertThat(odd.toAttributeValue()).endsWith("|1000");
    }

    @Test
    void onlyTheFirstOfSeveralKeyParamsIsUsed() {
        String second = Base64.getEncoder().encodeToString(new byte[30]);
        SdesCrypto c = SdesCrypto.parse(
                "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|2^20|1:4;inline:" + second + "|2^20|2:4");
        assertThat(c.masterKey()).isEqualTo(SdesCrypto.parse(RFC_EXAMPLE).masterKey());
        assertThat(c.mkiValue()).hasValue(1);
    }

    @Test
    void acceptsUnpaddedBase64() {
        byte[] raw = new byte[46];
        new SecureRandom().nextBytes(raw);
        String padded = Base64.getEncoder().encodeToString(raw);
        assertThat(padded).endsWith("==");
        SdesCrypto c = SdesCrypto.parse("1 AES_256_CM_HMAC_SHA1_80 inline:" + padded.replace("=", ""));
        assertThat(c.toAttributeValue()).isEqualTo("1 AES_256_CM_HMAC_SHA1_80 inline:" + padded);
    }

    @Test
    void sessionParametersWeCanHonourAreKept() {
        SdesCrypto c = SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64
                + " WSH=128 FEC_ORDER=FEC_SRTP -X_VENDOR=1");
        assertThat(c.sessionParameters()).containsExactly("WSH=128", "FEC_ORDER=FEC_SRTP", "-X_VENDOR=1");
        assertThat(c.toAttributeValue()).endsWith(" WSH=128 FEC_ORDER=FEC_SRTP -X_VENDOR=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNENCRYPTED_SRTP", "UNENCRYPTED_SRTCP", "UNAUTHENTICATED_SRTP", "KDR=10",
            "FEC_ORDER=SRTP_FEC", "FEC_KEY=inline:" + KEY_B64, "WSH=32", "WSH=", "BOGUS"})
    void sessionParametersWeCannotHonourAreRefused(String param) {
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + " " + param))
                .isInstanceOf(SdesException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "1 AES_CM_128_HMAC_SHA1_80",
        "x AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64,
        "1234567890 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64,
        "1 F8_128_HMAC_SHA1_80 inline:" + KEY_B64,
        "1 aes_cm_128_hmac_sha1_80 inline:" + KEY_B64,
        "1 AES_CM_128_HMAC_SHA1_80 uri:https://example.invalid/key",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|2^49",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|2^",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|1:0",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|1:129",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|256:1",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|2^20|1:4|x",
        "1 AES_CM_128_HMAC_SHA1_80 inline:" + KEY_B64 + "|2^20|14",
    })
    void malformedOrUnsupportedValuesAreRefused(String value) {
        assertThatThrownBy(() -> SdesCrypto.parse(value)).isInstanceOf(SdesException.class);
    }

    @Test
    void badBase64IsRefusedWithoutQuotingTheKey() {
        String bad = "PS1uQCVeeCFCanVmcjkp*PywjNWhcYD0mXXtxaVBR";
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + bad))
                .isInstanceOf(SdesException.class)
                .hasMessageContaining("base64")
                .hasMessageNotContaining("PS1uQ")
                .hasNoCause();
    }

    @Test
    void wrongKeyLengthIsRefused() {
        // 30 octets fit AES-128 but not AES-256 (46) nor GCM-128 (28)
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_256_CM_HMAC_SHA1_80 inline:" + KEY_B64))
                .isInstanceOf(SdesException.class).hasMessageContaining("46").hasMessageNotContaining(KEY_B64);
        assertThatThrownBy(() -> SdesCrypto.parse("1 AEAD_AES_128_GCM inline:" + KEY_B64))
                .isInstanceOf(SdesException.class).hasMessageContaining("28");
        String short29 = Base64.getEncoder().encodeToString(new byte[29]);
        assertThatThrownBy(() -> SdesCrypto.parse("1 AES_CM_128_HMAC_SHA1_80 inline:" + short29))
                .isInstanceOf(SdesException.class);
    }

    @ParameterizedTest
    @EnumSource(SrtpSuite.class)
    void generatedKeysFitTheSuiteAndSurviveFormatting(SrtpSuite suite) {
        SecureRandom random = new SecureRandom();
        SdesCrypto a = SdesCrypto.generate(42, suite, random);
        SdesCrypto b = SdesCrypto.generate(42, suite, random);
        assertThat(a.masterKey().keyLength()).isEqualTo(suite.masterKeyLength());
        assertThat(a.masterKey().saltLength()).isEqualTo(suite.masterSaltLength());
        assertThat(a.masterKey()).isNotEqualTo(b.masterKey());
        SdesCrypto reparsed = SdesCrypto.parse(a.toAttributeValue());
        assertThat(reparsed.tag()).isEqualTo(42);
        assertThat(reparsed.suite()).isEqualTo(suite);
        assertThat(reparsed.masterKey()).isEqualTo(a.masterKey());
    }

    @Test
    void toStringNeverShowsTheKey() {
        SdesCrypto c = SdesCrypto.parse(RFC_EXAMPLE);
        assertThat(c.toString()).doesNotContain(KEY_B64).doesNotContain("PS1u").contains("redacted")
                .contains("AES_CM_128_HMAC_SHA1_80").contains("2^20");
        assertThat(c.masterKey().toString()).isEqualTo("SrtpMasterKey[128-bit key, 112-bit salt, redacted]");
        assertThat(new SdesSelection(c, c).toString()).doesNotContain("PS1u");
    }

    @Test
    void destroyZeroesTheKey() {
        SrtpMasterKey k = SdesCrypto.parse(RFC_EXAMPLE).masterKey();
        k.destroy();
        assertThat(k.key()).containsOnly(0);
        assertThat(k.salt()).containsOnly(0);
    }
}
