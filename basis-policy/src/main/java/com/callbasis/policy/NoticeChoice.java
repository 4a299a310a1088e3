package com.callbasis.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The exact notice a decision asks the gateway to play, in the language chosen for the call
 * (docs/policy.md, "Resolution"): what its audit JSON names as {@code notice}.
 *
 * @param notice the notice or consent prompt
 * @param language one of {@code notice.languages()}
 */
public record NoticeChoice(Notice notice, String language) {
    public NoticeChoice {
        Objects.requireNonNull(notice, "notice");
        if (!notice.hasLanguage(language)) {
            throw new IllegalArgumentException(notice + " has no language " + language);
        }
    }

    public String id() {
        return notice.id();
    }

    public String version() {
        return notice.version();
    }

    public Notice.Kind kind() {
        return notice.kind();
    }

    /** {@code <id>@<version>}, as a consent record names it. */
    public String reference() {
        return notice.reference();
    }

    public NoticeAudio audio() {
        return notice.audio(language);
    }

    public String audioSha256() {
        return audio().sha256();
    }

    /** What the caller hears. */
    public String text() {
        return notice.text(language);
    }

    Map<String, Object> canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id());
        m.put("version", version());
        m.put("language", language);
        m.put("audioSha256", audioSha256());
        m.put("kind", kind().code());
        return m;
    }

    @Override
    public String toString() {
        return "NoticeChoice[" + reference() + ", " + language + "]";
    }
}
