package com.callbasis.gateway.media.srtp;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SDES offer/answer (RFC 4568 s.5.1). Answering: pick the first offered {@code a=crypto} line that
 * we can honour and answer it with the same tag and suite and a fresh key of our own (s.5.1.2).
 * Offering: one line per suite with tags 1..n and fresh keys; then {@link #acceptAnswer} checks the
 * answer against it (s.5.1.3).
 */
public final class SdesNegotiation {
    /** What we offer by default: the two suites every SDES endpoint must implement (RFC 4568 s.6.2). */
    public static final List<SrtpSuite> DEFAULT_OFFER =
            List.of(SrtpSuite.AES_CM_128_HMAC_SHA1_80, SrtpSuite.AES_CM_128_HMAC_SHA1_32);

    private static final Logger LOG = LoggerFactory.getLogger(SdesNegotiation.class);

    private final SecureRandom random;
    private final Set<SrtpSuite> accepted;

    /**
     * @param random source of our master keys
     * @param accepted suites we agree to when answering (policy may exclude the 32-bit tag suites)
     */
    public SdesNegotiation(SecureRandom random, Set<SrtpSuite> accepted) {
        this.random = Objects.requireNonNull(random);
        this.accepted = accepted.isEmpty() ? EnumSet.noneOf(SrtpSuite.class) : EnumSet.copyOf(accepted);
    }

    /** Accepts every {@link SrtpSuite}, keys from a new {@link SecureRandom}. */
    public static SdesNegotiation withAllSuites() {
        return new SdesNegotiation(new SecureRandom(), EnumSet.allOf(SrtpSuite.class));
    }

    /**
     * Answers an offer. Lines that do not parse, use a suite we do not accept, or carry an MKI are
     * skipped (an offer may list alternatives we cannot do). Empty when none is usable: the caller
     * then rejects the stream (RFC 4568 s.7.1.3: answer with 488 or a port of zero).
     *
     * @param offeredValues the offer's {@code a=crypto} values for one media description, in order
     */
    public Optional<SdesSelection> answer(List<String> offeredValues) {
        for (String value : offeredValues) {
            SdesCrypto offered;
            try {
                offered = SdesCrypto.parse(value);
            } catch (SdesException e) {
                LOG.debug("skipping offered crypto line: {}", e.getMessage());
                continue;
            }
            if (!accepted.contains(offered.suite())) {
                LOG.debug("skipping offered crypto tag {}: suite {} not accepted", offered.tag(), offered.suite());
                continue;
            }
            if (offered.hasMki()) {
                LOG.debug("skipping offered crypto tag {}: MKI not supported", offered.tag());
                continue;
            }
            SdesCrypto ours = SdesCrypto.generate(offered.tag(), offered.suite(), random);
            return Optional.of(new SdesSelection(ours, offered));
        }
        return Optional.empty();
    }

    /** Our offer for the other leg: one line per suite, tags 1..n in order, a fresh key each. */
    public List<SdesCrypto> offer(List<SrtpSuite> suites) {
        List<SdesCrypto> lines = new ArrayList<>(suites.size());
        int tag = 1;
        for (SrtpSuite s : suites) {
            lines.add(SdesCrypto.generate(tag++, s, random));
        }
        return List.copyOf(lines);
    }

    /**
     * Checks the answer to {@code ourOffer}: its tag must be one we offered, with the same suite
     * (RFC 4568 s.5.1.3), and it must not use an MKI. The offer is left as it is: a forked INVITE
     * can be answered more than once, each time with a different tag.
     *
     * @throws SdesException when the answer is malformed or does not match the offer
     */
    public SdesSelection acceptAnswer(List<SdesCrypto> ourOffer, String answerValue) {
        SdesCrypto answer = SdesCrypto.parse(answerValue);
        SdesCrypto chosen = null;
        for (SdesCrypto c : ourOffer) {
            if (c.tag() == answer.tag()) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            throw new SdesException("answer tag " + answer.tag() + " was not offered");
        }
        if (chosen.suite() != answer.suite()) {
            throw new SdesException("answer tag " + answer.tag() + " changes suite " + chosen.suite().sdesName()
                    + " to " + answer.suite().sdesName());
        }
        if (answer.hasMki()) {
            throw new SdesException("answer uses an MKI, which is not supported");
        }
        return new SdesSelection(chosen, answer);
    }
}
