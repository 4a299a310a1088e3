package com.callbasis.gateway.fuzz;

import com.callbasis.gateway.media.sdp.MediaDescription;
import com.callbasis.gateway.media.sdp.Sdp;
import com.callbasis.gateway.media.sdp.SdpException;
import com.callbasis.gateway.media.srtp.SdesCrypto;
import com.callbasis.gateway.media.srtp.SdesException;
import java.nio.charset.StandardCharsets;

/**
 * An SDP body as the B2BUA reads it from an offer or answer (UTF-8). Properties: the parser refuses
 * only with {@link SdpException} and a line number inside the text; what it accepts encodes to text
 * that parses to the same encoding; every accessor the media code calls answers; and each
 * {@code a=crypto} value is either refused with {@link SdesException} or parses back from its own
 * rendering to the same key and parameters.
 */
public final class SdpFuzzTarget {
    private SdpFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        Sdp sdp;
        try {
            sdp = Sdp.parse(text);
        } catch (SdpException refused) {
            long lines = text.lines().count();
            if (refused.line() < 1 || refused.line() > Math.max(2, lines)) {
                throw new AssertionError("refusal names line " + refused.line() + " of " + lines + ": " + refused.getMessage());
            }
            return;
        }
        String once = sdp.encode();
        Sdp again;
        try {
            again = Sdp.parse(once);
        } catch (SdpException e) {
            throw new AssertionError("the encoding of a parsed SDP does not parse: " + e.getMessage());
        }
        if (!once.equals(again.encode())) {
            throw new AssertionError("encoding a parsed SDP is not stable");
        }
        sdp.origin();
        sdp.direction();
        for (MediaDescription m : sdp.media()) {
            m.effectiveConnection();
            m.direction();
            m.rtcpPort();
            m.rtpMaps();
            m.isRejected();
            for (String value : m.cryptos()) {
                crypto(value);
            }
        }
    }

    private static void crypto(String value) {
        SdesCrypto c;
        try {
            c = SdesCrypto.parse(value);
        } catch (SdesException refused) {
            return;
        }
        SdesCrypto back;
        try {
            back = SdesCrypto.parse(c.toAttributeValue());
        } catch (SdesException e) {
            throw new AssertionError("the rendering of a parsed a=crypto does not parse: " + e.getMessage());
        }
        if (back.tag() != c.tag() || back.suite() != c.suite() || !back.masterKey().equals(c.masterKey())
                || !back.lifetime().equals(c.lifetime()) || !back.mkiValue().equals(c.mkiValue())
                || back.mkiLength() != c.mkiLength() || !back.sessionParameters().equals(c.sessionParameters())) {
            throw new AssertionError("a=crypto does not survive its own rendering");
        }
    }
}
