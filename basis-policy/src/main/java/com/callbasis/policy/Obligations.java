package com.callbasis.policy;

/** Names of the obligations a decision can carry; the gateway must carry each out or not record. */
public final class Obligations {
    /** Play the recording notice before recording (RECORD_AFTER_NOTICE). */
    public static final String PLAY_NOTICE = "play_notice";
    /** Capture consent (IVR DTMF) before recording (RECORD_AFTER_CONSENT). */
    public static final String REQUIRE_CONSENT_DTMF = "require_consent_dtmf";
    /** Keep DTMF digits out of the recording (PCI DSS 3.3.1). */
    public static final String SUPPRESS_DTMF = "suppress_dtmf";
    /** Pause capture while card data is entered or spoken (PCI SSC FAQ 1210); log each pause and resume. */
    public static final String PAUSE_ON_CARD_ENTRY = "pause_on_card_entry";
    /** Record each party on its own channel. */
    public static final String STEREO = "stereo";

    private Obligations() {
    }
}
