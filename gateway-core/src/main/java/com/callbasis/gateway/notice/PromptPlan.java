package com.callbasis.gateway.notice;

import java.time.Duration;
import java.util.Objects;

/**
 * The prompt one call must hear before it may be recorded, as the decision named it: a notice
 * ({@code RECORD_AFTER_NOTICE}) or a consent prompt ({@code RECORD_AFTER_CONSENT}), in one language,
 * identified by the SHA-256 of its audio so the audit log names exactly what was played.
 *
 * @param consent true for a consent prompt: after it the gateway waits for one digit
 * @param agree the digit that agrees (consent only)
 * @param decline the digit that declines (consent only)
 * @param timeout how long to wait for a digit after the prompt ended (consent only)
 * @param repeats how often the prompt is played again when no digit came (consent only)
 */
public record PromptPlan(String noticeId, String version, String language, String audioSha256, boolean consent,
        char agree, char decline, Duration timeout, int repeats) {
    public PromptPlan {
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(audioSha256, "audioSha256");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** {@code id@version}: how consent records and audit events name the notice. */
    public String reference() {
        return noticeId + "@" + version;
    }
}
