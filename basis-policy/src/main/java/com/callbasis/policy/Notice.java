package com.callbasis.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A notice from the policy's {@code notices} section: legal content the caller hears, with an id and
 * a version that consent records and decisions name ({@code <id>@<version>}), the text per language
 * (what is spoken) and a checked recording per language. Immutable.
 *
 * <p>Three kinds: a {@link Kind#NOTICE} informs (recording notice, right to object); a
 * {@link Kind#CONSENT} prompt informs and asks, and carries the digits that agree and decline, how long
 * to wait for one and how often to replay it; a {@link Kind#CONFIRMATION} confirms that recording
 * stopped after a withdrawal or objection.
 */
public final class Notice {
    /** What a notice is for; a reference of the wrong kind is refused when the policy is loaded. */
    public enum Kind {
        NOTICE, CONSENT, CONFIRMATION;

        /** The name in the policy file: {@code notice}, {@code consent}, {@code confirmation}. */
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Kind fromCode(String code) {
            for (Kind k : values()) {
                if (k.code().equals(code)) {
                    return k;
                }
            }
            return null;
        }
    }

    /** Digit that agrees when a consent prompt names none. */
    public static final String DEFAULT_AGREE = "1";
    /** Digit that declines when a consent prompt names none. */
    public static final String DEFAULT_DECLINE = "2";
    /** Wait after a consent prompt for a digit, when it names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(8);
    /** Replays of a consent prompt after a timeout, when it names none. */
    public static final int DEFAULT_REPEATS = 1;

    private final String id;
    private final Kind kind;
    private final String version;
    private final Map<String, String> text;
    private final Map<String, NoticeAudio> audio;
    private final List<String> languages;
    private final String agreeDigit;
    private final String declineDigit;
    private final Duration timeout;
    private final int repeats;

    Notice(String id, Kind kind, String version, Map<String, String> text, Map<String, NoticeAudio> audio,
            String agreeDigit, String declineDigit, Duration timeout, int repeats) {
        this.id = Objects.requireNonNull(id);
        this.kind = Objects.requireNonNull(kind);
        this.version = Objects.requireNonNull(version);
        this.text = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(text));
        this.audio = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(audio));
        this.languages = List.copyOf(audio.keySet());
        boolean consent = kind == Kind.CONSENT;
        this.agreeDigit = consent ? agreeDigit : null;
        this.declineDigit = consent ? declineDigit : null;
        this.timeout = consent ? timeout : null;
        this.repeats = consent ? repeats : 0;
    }

    public String id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    /** The version as written (e.g. a date); a new wording is a new version. */
    public String version() {
        return version;
    }

    /** {@code <id>@<version>}: what a consent record's {@code noticeVersion} names. */
    public String reference() {
        return id + "@" + version;
    }

    /** The languages it is available in, in the order the policy lists its audio; the first is the fallback. */
    public List<String> languages() {
        return languages;
    }

    /** Whether it is available in this language. */
    public boolean hasLanguage(String language) {
        return audio.containsKey(language);
    }

    /**
     * What the caller hears in that language.
     *
     * @throws IllegalArgumentException when the notice is not available in it, see {@link #languages()}
     */
    public String text(String language) {
        return get(text, language);
    }

    /**
     * The recording for that language.
     *
     * @throws IllegalArgumentException when the notice is not available in it, see {@link #languages()}
     */
    public NoticeAudio audio(String language) {
        return get(audio, language);
    }

    /** The digit that agrees (consent prompts only; null otherwise). */
    public String agreeDigit() {
        return agreeDigit;
    }

    /** The digit that declines (consent prompts only; null otherwise). */
    public String declineDigit() {
        return declineDigit;
    }

    /** How long to wait after the prompt for a digit (consent prompts only; null otherwise). */
    public Duration timeout() {
        return timeout;
    }

    /** How many times the prompt is replayed when no digit came (consent prompts only; 0 otherwise). */
    public int repeats() {
        return repeats;
    }

    private <T> T get(Map<String, T> m, String language) {
        T v = m.get(language);
        if (v == null) {
            throw new IllegalArgumentException("notice " + id + " has no language '" + language + "' (has " + languages + ")");
        }
        return v;
    }

    /** The notice as a canonical-JSON tree (for the policy digest): the audio by its SHA-256, not its file name. */
    Object canonical() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.code());
        m.put("version", version);
        m.put("languages", new ArrayList<>(languages)); // the order decides the fallback language
        m.put("text", new TreeMap<>(text));
        Map<String, Object> a = new TreeMap<>();
        audio.forEach((l, au) -> a.put(l, au.sha256()));
        m.put("audioSha256", a);
        if (kind == Kind.CONSENT) {
            m.put("digits", Map.of("agree", agreeDigit, "decline", declineDigit));
            m.put("timeout", timeout.toString());
            m.put("repeats", repeats);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Notice[" + reference() + ", " + kind.code() + ", " + languages + "]";
    }
}
