package com.callbasis.gateway.fuzz;

import com.callbasis.config.RecordingConfig;
import com.callbasis.config.Route;
import com.callbasis.config.SipLimits;
import com.callbasis.config.Transport;
import com.callbasis.gateway.recording.CallFactsReader;
import com.callbasis.gateway.sip.message.SipMessage;
import com.callbasis.gateway.sip.message.SipParseException;
import com.callbasis.gateway.sip.message.SipParser;
import com.callbasis.gateway.sip.message.SipRequest;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * A datagram as the UDP listener hands it to the parser. Properties: the parser refuses only with
 * {@link SipParseException}; what it accepts encodes to bytes that parse again to the same encoding
 * (the B2BUA relays what it parsed); and the call facts of an INVITE are read without an exception,
 * from a trusted and from an untrusted peer.
 */
public final class SipMessageFuzzTarget {
    private static final SipParser PARSER = new SipParser(SipLimits.DEFAULT);
    private static final CallFactsReader FACTS = new CallFactsReader(RecordingConfig.DEFAULT, Clock.systemUTC());
    private static final Route ROUTE = new Route("fuzz", "", Optional.empty(), "127.0.0.1", 5070, Transport.UDP, "default");

    private SipMessageFuzzTarget() {
    }

    public static void fuzzerTestOneInput(byte[] data) {
        SipMessage m;
        try {
            m = PARSER.parse(data, 0, data.length);
        } catch (SipParseException refused) {
            return;
        }
        byte[] once = m.encode();
        SipMessage again;
        try {
            again = PARSER.parse(once, 0, once.length);
        } catch (SipParseException e) {
            throw new AssertionError("the encoding of a parsed message does not parse: " + e.getMessage());
        }
        if (!Arrays.equals(once, again.encode())) {
            throw new AssertionError("encoding a parsed message is not stable");
        }
        if (m instanceof SipRequest r && r.is(SipRequest.INVITE)) {
            FACTS.read("fuzz", ROUTE, r, true);
            FACTS.read("fuzz", ROUTE, r, false);
        }
    }

}
