package com.callbasis.gateway.media.srtp;

import java.util.Objects;

/**
 * The outcome of an SDES offer/answer for one media stream: the key we send with and the key the
 * peer sends with. RFC 4568 s.5.1.2: each side protects what it sends with its own key, so
 * {@link #local()} protects and {@link #remote()} unprotects. Not a record: it holds key material.
 */
public final class SdesSelection {
    private final SdesCrypto local;
    private final SdesCrypto remote;

    public SdesSelection(SdesCrypto local, SdesCrypto remote) {
        this.local = Objects.requireNonNull(local);
        this.remote = Objects.requireNonNull(remote);
    }

    /** Our key: goes into our SDP, protects what we send. */
    public SdesCrypto local() {
        return local;
    }

    /** The peer's key, from its SDP: unprotects what it sends. */
    public SdesCrypto remote() {
        return remote;
    }

    /** The crypto suite both sides agreed on. */
    public SrtpSuite suite() {
        return local.suite();
    }

    /** A new transform for this side of the stream. */
    public SrtpTransform newTransform() {
        return new SrtpTransform(local, remote);
    }

    @Override
    public String toString() {
        return "SdesSelection[local=" + local + ", remote=" + remote + "]";
    }
}
