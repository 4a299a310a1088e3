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

    Overlay(String region, AllParty allPartyConsent, boolean requireConsent, boolean requireNotice, String storageRegion) {
        this.region = region;
        this.allPartyConsent = allPartyConsent;
        this.requireConsent = requireConsent;
        this.requireNotice = requireNotice;
        this.storageRegion = storageRegion;
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
        return m;
    }
}
