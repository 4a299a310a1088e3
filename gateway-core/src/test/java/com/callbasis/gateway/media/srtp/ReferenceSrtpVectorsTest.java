package com.callbasis.gateway.media.srtp;

import static com.callbasis.gateway.media.srtp.ReferenceSrtp.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Proves the test oracle {@link ReferenceSrtp} against published vectors before anything trusts it. */
class ReferenceSrtpVectorsTest {

    /** RFC 3711 Appendix B.2: AES-CM keystream for SSRC 0, ROC 0, SEQ 0. */
    @Test
    void rfc3711_b2_aesCmKeystream() throws Exception {
        byte[] sessionKey = hex("2B7E151628AED2A6ABF7158809CF4F3C");
        byte[] sessionSalt = hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        byte[] iv = ReferenceSrtp.rtpIv(sessionSalt, 0, 0);
        assertThat(iv).isEqualTo(hex("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"));

        byte[] ks = ReferenceSrtp.keystream(sessionKey, iv, 0x10000 * 16);
        assertThat(block(ks, 0x0000)).isEqualTo(hex("E03EAD0935C95E80E166B16DD92B4EB4"));
        assertThat(block(ks, 0x0001)).isEqualTo(hex("D23513162B02D0F72A43A2FE4A5F97AB"));
        assertThat(block(ks, 0x0002)).isEqualTo(hex("41E95B3BB0A2E8DD477901E4FCA894C0"));
        assertThat(block(ks, 0xFEFF)).isEqualTo(hex("EC8CDF7398607CB0F2D21675EA9EA1E4"));
        assertThat(block(ks, 0xFF00)).isEqualTo(hex("362B7C3C6773516318A077D7FC5073AE"));
        assertThat(block(ks, 0xFF01)).isEqualTo(hex("6A2CC3787889374FBEB4C81B17BA6C44"));
    }

    private static byte[] block(byte[] ks, int n) {
        return Arrays.copyOfRange(ks, n * 16, n * 16 + 16);
    }

    /** RFC 3711 Appendix B.3: key derivation (kdr 0) of cipher key, salt and auth key. */
    @Test
    void rfc3711_b3_keyDerivation() throws Exception {
        byte[] mk = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] ms = hex("0EC675AD498AFEEBB6960B3AABE6");
        assertThat(ReferenceSrtp.derive(mk, ms, 0, 16)).isEqualTo(hex("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(ReferenceSrtp.derive(mk, ms, 2, 14)).isEqualTo(hex("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(ReferenceSrtp.derive(mk, ms, 1, 20)).isEqualTo(hex("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    }

    /** RFC 6188 s.7.2: key derivation with a 256-bit master key. */
    @Test
    void rfc6188_aes256KeyDerivation() throws Exception {
        byte[] mk = hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6");
        byte[] ms = hex("3b04803de51ee7c96423ab5b78d2");
        assertThat(ReferenceSrtp.derive(mk, ms, 0, 32))
                .isEqualTo(hex("5ba1064e30ec51613cad926c5a28ef731ec7fb397f70a960653caf06554cd8c4"));
        assertThat(ReferenceSrtp.derive(mk, ms, 2, 14)).isEqualTo(hex("fa31791685ca444a9e07c6c64e93"));
        assertThat(ReferenceSrtp.derive(mk, ms, 1, 20)).isEqualTo(hex("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05"));
    }
}
