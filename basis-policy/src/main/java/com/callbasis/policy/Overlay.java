package com.callbasis.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A jurisdiction overlay from the policy's {@code jurisdictions} section. Overlays only ever make a
 * decision stricter: they add notice or consent capture, switch the basis to consent, name a storage
 * region; they never turn "do not record" into recording.
 */
final class Overlay {
    /** What an all-party-consent region needs before recording. */
    enum AllParty { NOTICE, CONSENT }

    final String region;
    final AllParty allPartyConsent;
    final boolean requireConsent;
    final boolean requireNotice;
    final String storageRegion;
    /** The region's own recording notice and consent prompt (null: the tenant's), and its language (null: the tenant's). */
    final Notice notice;
    final Notice consentPrompt;
    final String language;

    Overlay(String region, AllParty allPartyConsent, boolean requireConsent, boolean requireNotice, String storageRegion) {
        this(region, allPartyConsent, requireConsent, requireNotice, storageRegion, null, null, null);
    }

    Overlay(String region, AllParty allPartyConsent, boolean requireConsent, boolean requireNotice, String storageRegion,
            Notice notice, Notice consentPrompt, String language) {
        this.region = region;
        this.allPartyConsent = allPartyConsent;
        this.requireConsent = requireConsent;
        this.requireNotice = requireNotice;
        this.storageRegion = storageRegion;
        this.notice = notice;
        this.consentPrompt = consentPrompt;
        this.language = language;
    }

    /** Whether a call with a party here can need a recording notice (RECORD_AFTER_NOTICE). */
    boolean canRequireNotice() {
        return requireNotice || allPartyConsent != null;
    }

    Object canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (allPartyConsent != null) {
            m.put("allPartyConsent", allPartyConsent.name().toLowerCase(java.util.Locale.ROOT));
        }
        m.put("requireConsent", requireConsent);
        m.put("requireNotice", requireNotice);
        if (storageRegion != null) {
            m.put("storageRegion", storageRegion);
        }
        if (notice != null) { // only when named, so that older policies keep their digests
            m.put("notice", notice.id());
        }
        if (consentPrompt != null) {
            m.put("consentPrompt", consentPrompt.id());
        }
        if (language != null) {
            m.put("language", language);
        }
        return m;
    }
}
