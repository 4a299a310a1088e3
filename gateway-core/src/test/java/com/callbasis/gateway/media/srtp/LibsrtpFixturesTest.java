package com.callbasis.gateway.media.srtp;

import static com.callbasis.gateway.media.srtp.ReferenceSrtp.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.callbasis.gateway.media.srtp.TestPackets.Kind;
import io.netty.buffer.ByteBuf;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Packets protected by libsrtp 2.5.0 (Debian's libsrtp2-dev), a second independent implementation:
 * SSRC 0xCAFEBABE, RTP sequence numbers 65535, 0, 1 (the ROC goes to 1), two SRTCP packets,
 * plain packets as {@link TestPackets#rtp} with 160 payload octets and {@link TestPackets#rtcp}.
 * Keys: RFC 3711 B.3 (AES-128), RFC 6188 s.7.2 (AES-256), 0x01..0x1c (GCM); libsrtp's SRTCP
 * indexes are therefore 1 and 2 (it starts at 1). The generator is at the end of this file.
 */
class LibsrtpFixturesTest {
    private static final Map<SrtpSuite, SrtpMasterKey> KEYS = Map.of(
            SrtpSuite.AES_CM_128_HMAC_SHA1_80, ReferenceKeys.RFC3711,
            SrtpSuite.AES_CM_128_HMAC_SHA1_32, ReferenceKeys.RFC3711,
            SrtpSuite.AES_256_CM_HMAC_SHA1_80, ReferenceKeys.RFC6188,
            SrtpSuite.AEAD_AES_128_GCM, SrtpMasterKey.of(
                    hex("0102030405060708090a0b0c0d0e0f10"), hex("1112131415161718191a1b1c")));

    private static final String FIXTURES = """
            AES_CM_128_HMAC_SHA1_80 RTP 65535 8000ffff009fff60cafebabea7c33043372583ee107fb17342e6d77b8759e5998fe810da50445693c8d261f72df561251423ff8199b41328ec1cb837872de4e35fdf45559f2b61df149d1da45b9810b611f522fe308ce934d1ea6b0ffdb1da41433da0c1b666eb9aaae78a093a65447dd9a906e3461c8d108fec846e76cc4612b7b33b4daa36d43e870223d3c293c6e8196c124636ba28cdab7bbac549144a22b41b2b31d42ca455ac7a6e3aea87fb11ead0d926e971
            AES_CM_128_HMAC_SHA1_80 RTP 0 8000000000000000cafebabe8f405c932b1f3eb055ed5a70020dff98510b4920d9c5c63f77da49d83509270923f1f196d97987abf1cdfcc5183425ba2bc6ef9837f04c406b15efee2f5fe1bef8c52ca66718a77edeaa15a1cf4283ff2e92c815c9128a2842bb55abbb68c3da41dc013b520c6428c4b9bb338f919388a205ee5636f55d36e1a5df56475a60de448873e53b7f8a449c00847964b00a3a551532e06fa95eb19fdc2f989d1a4d494e2ab06c16aa90cd9c86
            AES_CM_128_HMAC_SHA1_80 RTP 1 80000001000000a0cafebabe1c525419ee2db835afc4b9499b917a9da33fa2b7762e0097889358cafbb70a1291d969ca736217b9f0dc4d05de1ad017648b6e8bf1b63ab0a26f267d36bf8efe527d99a1ab169e0deddf88a88cd7739c64967a8fbcc3345d82a3bdd0b7320c207c0b29c096f57c046854aef72ab3525b8771385459fa27b66557b79d693420f0eacc6acac29f017794da31ef691c337f2973490b90331600eb7caa93e5fd5d52d1479c5c83110e49beec
            AES_CM_128_HMAC_SHA1_80 RTCP 0 81c90007cafebabecba19bb44f2c1213155239e952dc0e127e44132ac1142d2780000001e798611997dbd7bfc46f
            AES_CM_128_HMAC_SHA1_80 RTCP 1 81c90007cafebabed890ac0534d32774793f1a0db97317e594f096b7142e999b80000002a86a31826cae9966b306
            AES_CM_128_HMAC_SHA1_32 RTP 65535 8000ffff009fff60cafebabea7c33043372583ee107fb17342e6d77b8759e5998fe810da50445693c8d261f72df561251423ff8199b41328ec1cb837872de4e35fdf45559f2b61df149d1da45b9810b611f522fe308ce934d1ea6b0ffdb1da41433da0c1b666eb9aaae78a093a65447dd9a906e3461c8d108fec846e76cc4612b7b33b4daa36d43e870223d3c293c6e8196c124636ba28cdab7bbac549144a22b41b2b31d42ca455ac7a6e3aea87fb11
            AES_CM_128_HMAC_SHA1_32 RTP 0 8000000000000000cafebabe8f405c932b1f3eb055ed5a70020dff98510b4920d9c5c63f77da49d83509270923f1f196d97987abf1cdfcc5183425ba2bc6ef9837f04c406b15efee2f5fe1bef8c52ca66718a77edeaa15a1cf4283ff2e92c815c9128a2842bb55abbb68c3da41dc013b520c6428c4b9bb338f919388a205ee5636f55d36e1a5df56475a60de448873e53b7f8a449c00847964b00a3a551532e06fa95eb19fdc2f989d1a4d494e2ab06c
            AES_CM_128_HMAC_SHA1_32 RTP 1 80000001000000a0cafebabe1c525419ee2db835afc4b9499b917a9da33fa2b7762e0097889358cafbb70a1291d969ca736217b9f0dc4d05de1ad017648b6e8bf1b63ab0a26f267d36bf8efe527d99a1ab169e0deddf88a88cd7739c64967a8fbcc3345d82a3bdd0b7320c207c0b29c096f57c046854aef72ab3525b8771385459fa27b66557b79d693420f0eacc6acac29f017794da31ef691c337f2973490b90331600eb7caa93e5fd5d52d1479c5c
            AES_CM_128_HMAC_SHA1_32 RTCP 0 81c90007cafebabecba19bb44f2c1213155239e952dc0e127e44132ac1142d2780000001e798611997dbd7bfc46f
            AES_CM_128_HMAC_SHA1_32 RTCP 1 81c90007cafebabed890ac0534d32774793f1a0db97317e594f096b7142e999b80000002a86a31826cae9966b306
            AES_256_CM_HMAC_SHA1_80 RTP 65535 8000ffff009fff60cafebabe79203c0c5ddbce5a47bbcdeaa382f5d9e1269105383de866e53b39bd72c877471486e3485fb59f06d537ebfa75b34290432c8ed5aa7d74ee364def4c5b50758426d0ed368011060e2dcd46aaae02766b0e6b3a4a24d1e185117c4ebe6d071e08f08f6cf513d73a5c94592b5a5e71cbeefb6c0a3a4135165edc26bcb3258b157946a265da3b5111a2e891395ecc2a05894ee6981ca5a98b35231ed2be77c729dfadbd4ba3025cb680c2ab
            AES_256_CM_HMAC_SHA1_80 RTP 0 8000000000000000cafebabe3da36a98a526b9c2d8dfbebe8f5582d8891ffbf5411dfb80f86b1e7e5f91b4700ca3a2a4ed0d93819fb4c64c5c52e2f5c57f7fa8c1de4d5e9b0bf94c730192fd6e4d6e1911639c5aa64f9f461eace952ca5fe63e435058b0456d03de6d1ecc34e173fd1df8eed12704fcb95298e942b67fd9c235d0f956923a3616e144e6a12c6eab58fefe20ab2d9e31c6cf64df956a722bccf6e9bbca5099ec21607554bc7ce658044c8eff093bc941
            AES_256_CM_HMAC_SHA1_80 RTP 1 80000001000000a0cafebabe27851532da914bddf5f1d97edcd0121110a55210d28fbc2ee509e03c5d74b81ba6797674ce8ab5d710797b24d71c4507f80dbb9e420ca50876e21fe0c29ad6d73a2fd17ff36d3cf19edaf34f99503bb25a3bc3123cb690480ae0c1087e009d2790d5478091dae60f0e0c29141fc80df1565779da8adacffa5bfee14056b00545665e8fa80a06d32aba897ebdfe4150665b2c6b58ab7d8d10e7178ea29633390436f9afb94ff2b5551d4b
            AES_256_CM_HMAC_SHA1_80 RTCP 0 81c90007cafebabe0e597f46bc79e03101137a1eb9d0901c89e826ccbec5f2b480000001fb864922556217d84ab0
            AES_256_CM_HMAC_SHA1_80 RTCP 1 81c90007cafebabe1aaa896d9abdf8e2f7b3cfc2b703df566f72ac69b61b9f71800000022bf214248a86f301dc6c
            AEAD_AES_128_GCM RTP 65535 8000ffff009fff60cafebabeec5ace824a6b81be502ae28a75ff19dae3a70d28d95b213972c3d77ef4cd99e2b4d8d2f09f9e5b1d9f23d2c1cbe3b14df53545074fab71f9f28e3834788180d2417a86a477fcdc0957f61ccb6ad46b22c965964334e019d5120bb66725ba33c0a8461e861c0127f19862b163afce068e9e61e00bd994a7d3b58908eac240810ed7a48b9b1081a1bf4693e95a0b3989c03509a20a5265454e9cac64339d871cc28903b48586787c748956a6bed96737bc
            AEAD_AES_128_GCM RTP 0 8000000000000000cafebabee6ff9a94f3a5a25fabac69697a28a4ad6f1eedc2ccf544af6b2519e08ab3c9fadc63948c144f91e71abc9efc1b72be963ef141e6e4ece4acbd78df608921bbb05d937c53140a6068cd678bc128fa929d581cc64d5e05261b08dfac8633b63c273463e3f50475467cb2011251698065c84ecf1594e763a593a64507cd038f64f1da73365b7194cd4ecf22c05ce3408bd6c19663653a7702d9f0021a606834e49502e1919dea94c7096f4701af3a8d6fe8
            AEAD_AES_128_GCM RTP 1 80000001000000a0cafebabe4e090838b9c0cb31aee4f40c823f92a9e3b86e933461b140a5347ab304bdc39c53f1372df787fe8decadc975bdf41a09834acb8b869b9895e1556df207f70df298055d0b3b531f2f9c9fb2201b8b73cdf72fd06de4b5e35e07e823b085805be6a83a3c6d8259f905ce90e4b89e6005e6f682395b07538f1493185ce63b7653fbc2a1a2a6e7d5747c73869fe2f11d0839b5f55d4bcdb316069432aa0bbf9a6673f7c34c892d32b2a984173d41a0dc9c7b
            AEAD_AES_128_GCM RTCP 0 81c90007cafebabe61f5fb5bd8908ff1b019a66f41c0ee3213da8b1946b570b2184490f79ab17d72d467099a7d3ee82080000001
            AEAD_AES_128_GCM RTCP 1 81c90007cafebabe3c04244b6adb370d363ca04b870afb943d8d5d041868c29b139c65ce574bc0bb018eff9453e8b93a80000002
            """;

    private static final int SSRC = 0xCAFEBABE;

    private static List<String[]> fixtures(SrtpSuite suite) {
        return FIXTURES.lines().map(String::strip).filter(l -> l.startsWith(suite.sdesName() + " "))
                .map(l -> l.split(" ")).toList();
    }

    private static byte[] plain(String[] f) {
        int n = Integer.parseInt(f[2]);
        return f[1].equals("RTP") ? TestPackets.rtp(n, SSRC, TestPackets.PAYLOAD_160) : TestPackets.rtcp(SSRC);
    }

    private static SdesCrypto other(SrtpSuite suite) {
        return SdesCrypto.generate(2, suite, new SecureRandom());
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32",
            "AES_256_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    void weProduceWhatLibsrtpProduces(SrtpSuite suite) {
        List<String[]> fx = fixtures(suite);
        assertThat(fx).hasSize(5);
        try (SrtpTransform t = new SrtpTransform(SdesCrypto.of(1, suite, KEYS.get(suite)), other(suite))) {
            // libsrtp's first SRTCP index is 1, jitsi's is 0 (RFC 3711 s.3.4 says start at zero;
            // receivers accept either): use up index 0 so the rest line up.
            t.protectRtcp(Kind.POOLED_HEAP.of(TestPackets.rtcp(SSRC))).release();
            for (String[] f : fx) {
                ByteBuf in = Kind.POOLED_DIRECT.of(plain(f));
                ByteBuf out = f[1].equals("RTP") ? t.protectRtp(in) : t.protectRtcp(in);
                assertThat(TestPackets.drain(out)).as("%s %s %s", f[0], f[1], f[2]).isEqualTo(hex(f[3]));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpSuite.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32",
            "AES_256_CM_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    void weUnprotectWhatLibsrtpProtects(SrtpSuite suite) {
        try (SrtpTransform t = new SrtpTransform(other(suite), SdesCrypto.of(1, suite, KEYS.get(suite)))) {
            for (String[] f : fixtures(suite)) {
                for (Kind kind : Kind.values()) {
                    ByteBuf in = kind.of(hex(f[3]));
                    boolean ok = f[1].equals("RTP") ? t.unprotectRtp(in) : t.unprotectRtcp(in);
                    byte[] after = TestPackets.drain(in);
                    if (kind == Kind.values()[0]) {
                        assertThat(ok).as("%s %s %s", f[0], f[1], f[2]).isTrue();
                        assertThat(after).isEqualTo(plain(f));
                    } else {
                        assertThat(ok).as("the same packet again is a replay").isFalse();
                    }
                }
            }
        }
    }
}

/* The generator, built with: gcc -o gen gen.c -lsrtp2

#include <srtp2/srtp.h>
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static const uint8_t KEY128[30] = {0xE1,0xF9,0x7A,0x0D,0x3E,0x01,0x8B,0xE0,0xD6,0x4F,0xA3,0x2C,0x06,0xDE,0x41,0x39,
  0x0E,0xC6,0x75,0xAD,0x49,0x8A,0xFE,0xEB,0xB6,0x96,0x0B,0x3A,0xAB,0xE6};
static const uint8_t KEY256[46] = {0xf0,0xf0,0x49,0x14,0xb5,0x13,0xf2,0x76,0x3a,0x1b,0x1f,0xa1,0x30,0xf1,0x0e,0x29,
  0x98,0xf6,0xf6,0xe4,0x3e,0x43,0x09,0xd1,0xe6,0x22,0xa0,0xe3,0x32,0xb9,0xf1,0xb6,
  0x3b,0x04,0x80,0x3d,0xe5,0x1e,0xe7,0xc9,0x64,0x23,0xab,0x5b,0x78,0xd2};
static const uint8_t KEYGCM[28] = {0x01,0x02,0x03,0x04,0x05,0x06,0x07,0x08,0x09,0x0a,0x0b,0x0c,0x0d,0x0e,0x0f,0x10,
  0x11,0x12,0x13,0x14,0x15,0x16,0x17,0x18,0x19,0x1a,0x1b,0x1c};
#define SSRC 0xCAFEBABEu

static void hex(const char *label, int n, const uint8_t *b, int len) {
  printf("%s %d ", label, n);
  for (int i = 0; i < len; i++) printf("%02x", b[i]);
  printf("\n");
}

static int rtp(uint8_t *b, int seq) {
  b[0] = 0x80; b[1] = 0; b[2] = seq >> 8; b[3] = seq;
  uint32_t ts = (uint32_t) seq * 160;
  b[4] = ts >> 24; b[5] = ts >> 16; b[6] = ts >> 8; b[7] = ts;
  b[8] = SSRC >> 24; b[9] = SSRC >> 16; b[10] = SSRC >> 8; b[11] = SSRC;
  for (int i = 0; i < 160; i++) b[12 + i] = (uint8_t) (i * 7 + seq);
  return 172;
}

static int rtcp(uint8_t *b) {
  const uint8_t rr[32] = {0x81, 201, 0, 7, SSRC >> 24, (SSRC >> 16) & 0xff, (SSRC >> 8) & 0xff, SSRC & 0xff,
    0x11,0x22,0x33,0x44, 0,0,0,5, 0,1,2,3, 0,0,0,17, 0,0,0,0, 0,0,0,0};
  memcpy(b, rr, 32);
  return 32;
}

static void run(const char *name, void (*setrtp)(srtp_crypto_policy_t *), void (*setrtcp)(srtp_crypto_policy_t *),
                const uint8_t *key) {
  srtp_policy_t pol;
  memset(&pol, 0, sizeof pol);
  setrtp(&pol.rtp);
  setrtcp(&pol.rtcp);
  pol.ssrc.type = ssrc_specific;
  pol.ssrc.value = SSRC;
  pol.key = (unsigned char *) key;
  pol.next = NULL;
  srtp_t s;
  if (srtp_create(&s, &pol) != srtp_err_status_ok) { printf("%s create failed\n", name); return; }
  int seqs[3] = {65535, 0, 1};
  for (int i = 0; i < 3; i++) {
    uint8_t b[256]; int len = rtp(b, seqs[i]);
    if (srtp_protect(s, b, &len) != srtp_err_status_ok) { printf("%s protect failed\n", name); return; }
    char l[64]; snprintf(l, sizeof l, "%s RTP", name); hex(l, seqs[i], b, len);
  }
  for (int i = 0; i < 2; i++) {
    uint8_t b[256]; int len = rtcp(b);
    if (srtp_protect_rtcp(s, b, &len) != srtp_err_status_ok) { printf("%s protect_rtcp failed\n", name); return; }
    char l[64]; snprintf(l, sizeof l, "%s RTCP", name); hex(l, i, b, len);
  }
  srtp_dealloc(s);
}

int main(void) {
  srtp_init();
  run("AES_CM_128_HMAC_SHA1_80", srtp_crypto_policy_set_rtp_default, srtp_crypto_policy_set_rtp_default, KEY128);
  run("AES_CM_128_HMAC_SHA1_32", srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32, srtp_crypto_policy_set_rtp_default, KEY128);
  run("AES_256_CM_HMAC_SHA1_80", srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80, srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80, KEY256);
  run("AEAD_AES_128_GCM", srtp_crypto_policy_set_aes_gcm_128_16_auth, srtp_crypto_policy_set_aes_gcm_128_16_auth, KEYGCM);
  srtp_shutdown();
  return 0;
}
*/
