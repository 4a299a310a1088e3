package com.callbasis.gateway.media.srtp;

import static com.callbasis.gateway.media.srtp.ReferenceSrtp.hex;

/** Master keys from published test vectors (test data, not secrets). */
final class ReferenceKeys {
    /** RFC 3711 Appendix B.3. */
    static final SrtpMasterKey RFC3711 =
            SrtpMasterKey.of(hex("E1F97A0D3E018BE0D64FA32C06DE4139"), hex("0EC675AD498AFEEBB6960B3AABE6"));
    /** RFC 6188 s.7.2. */
    static final SrtpMasterKey RFC6188 = SrtpMasterKey.of(
            hex("f0f04914b513f2763a1b1fa130f10e2998f6f6e43e4309d1e622a0e332b9f1b6"),
            hex("3b04803de51ee7c96423ab5b78d2"));

    private ReferenceKeys() {
    }
}
