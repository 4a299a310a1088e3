package com.callbasis.policy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tenant's default notices ({@code tenants.<name>.notice}, {@code consentPrompt},
 * {@code withdrawalConfirmation}) and its language; any may be null.
 */
record TenantNotices(String language, Notice notice, Notice consentPrompt, Notice withdrawalConfirmation) {
    static final TenantNotices NONE = new TenantNotices(null, null, null, null);

    boolean isEmpty() {
        return language == null && notice == null && consentPrompt == null && withdrawalConfirmation == null;
    }

    /** The default of a kind, or null. */
    Notice of(Notice.Kind kind) {
        return switch (kind) {
            case NOTICE -> notice;
            case CONSENT -> consentPrompt;
            case CONFIRMATION -> withdrawalConfirmation;
        };
    }

    /** The tenant's language, else the first language of its notice (then consent prompt, confirmation). */
    String effectiveLanguage() {
        if (language != null) {
            return language;
        }
        for (Notice n : new Notice[] {notice, consentPrompt, withdrawalConfirmation}) {
            if (n != null) {
                return n.languages().get(0);
            }
        }
        return null;
    }

    /** Added to the tenant's canonical entry only for the keys present (older policies keep their digests). */
    void putCanonical(Map<String, Object> m) {
        if (language != null) {
            m.put("language", language);
        }
        if (notice != null) {
            m.put("notice", notice.id());
        }
        if (consentPrompt != null) {
            m.put("consentPrompt", consentPrompt.id());
        }
        if (withdrawalConfirmation != null) {
            m.put("withdrawalConfirmation", withdrawalConfirmation.id());
        }
    }

    static Map<String, Object> canonical(boolean publicAuthority, TenantNotices t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("publicAuthority", publicAuthority);
        if (t != null) {
            t.putCanonical(m);
        }
        return m;
    }
}
