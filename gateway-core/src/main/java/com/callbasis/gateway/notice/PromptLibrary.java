package com.callbasis.gateway.notice;

import com.callbasis.gateway.media.PromptFrames;
import com.callbasis.policy.Notice;
import com.callbasis.policy.NoticeAudio;
import com.callbasis.policy.Policy;
import com.callbasis.recorder.codec.PreparedPrompt;
import com.callbasis.recorder.codec.PromptTranscoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every prompt audio of the policies in force, encoded once, when the policy is loaded, into every
 * codec the gateway negotiates (PCMU, PCMA, G.722, Opus), so that the media threads only send
 * prepared frames. Keyed by the audio's SHA-256: the decision names exactly that audio. Prompts of
 * the previous policy are kept too, for calls that started under it. Thread-safe.
 */
public final class PromptLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(PromptLibrary.class);

    private final Set<String> encodings = PromptTranscoder.encodings();
    /** audio sha -> encoding (upper case) -> prepared payloads, for the current and the previous policy. */
    private volatile Map<String, Map<String, PreparedPrompt>> current = Map.of();
    private volatile Map<String, Map<String, PreparedPrompt>> previous = Map.of();
    /** Frames as the relay sends them, per audio, encoding and payload type; built on first use. */
    private final Map<String, PromptFrames> frames = new ConcurrentHashMap<>();

    /** The encodings prompts are prepared in (SDP rtpmap names). */
    public Set<String> encodings() {
        return encodings;
    }

    /** Prepares every notice of {@code policy} (the policy going into force); reuses what was already prepared. */
    public synchronized void prepare(Policy policy) {
        Map<String, Map<String, PreparedPrompt>> next = new HashMap<>();
        long started = System.nanoTime();
        int encoded = 0;
        for (Notice n : policy.notices()) {
            for (String language : n.languages()) {
                NoticeAudio a = n.audio(language);
                if (next.containsKey(a.sha256())) {
                    continue;
                }
                Map<String, PreparedPrompt> known = current.containsKey(a.sha256()) ? current.get(a.sha256()) : previous.get(a.sha256());
                if (known != null) {
                    next.put(a.sha256(), known);
                    continue;
                }
                Map<String, PreparedPrompt> byEncoding = new HashMap<>();
                short[] pcm = a.samples();
                for (String e : encodings) {
                    byEncoding.put(e.toUpperCase(Locale.ROOT), PromptTranscoder.prepare(pcm, a.sampleRate(), e));
                    encoded++;
                }
                next.put(a.sha256(), Map.copyOf(byEncoding));
            }
        }
        previous = current;
        current = Map.copyOf(next);
        // Frames of audio neither policy holds are no longer needed.
        frames.keySet().removeIf(k -> !current.containsKey(k.substring(0, 64)) && !previous.containsKey(k.substring(0, 64)));
        if (encoded > 0) {
            LOG.info("prompts prepared: {} encodings of {} audio files in {} ms", encoded, next.size(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The frames of one audio in one encoding, numbered with {@code payloadType}; empty when not prepared. */
    public Optional<PromptFrames> frames(String audioSha256, String encoding, int payloadType) {
        String enc = encoding.toUpperCase(Locale.ROOT);
        String key = audioSha256 + "|" + enc + "|" + payloadType;
        PromptFrames f = frames.get(key);
        if (f != null) {
            return Optional.of(f);
        }
        Map<String, PreparedPrompt> byEncoding = current.get(audioSha256);
        if (byEncoding == null) {
            byEncoding = previous.get(audioSha256);
        }
        PreparedPrompt p = byEncoding == null ? null : byEncoding.get(enc);
        if (p == null || p.frames() == 0 || payloadType < 0 || payloadType > 127 || (payloadType >= 64 && payloadType <= 95)) {
            return Optional.empty();
        }
        List<byte[]> payloads = new ArrayList<>(p.frames());
        for (int i = 0; i < p.frames(); i++) {
            payloads.add(p.payload(i));
        }
        return Optional.of(frames.computeIfAbsent(key, k -> new PromptFrames(payloadType, p.timestampStep(), payloads)));
    }

    /** The prepared payloads themselves (tests compare what a caller received against them). */
    public Optional<PreparedPrompt> prepared(String audioSha256, String encoding) {
        Map<String, PreparedPrompt> byEncoding = current.get(audioSha256);
        if (byEncoding == null) {
            byEncoding = previous.get(audioSha256);
        }
        return Optional.ofNullable(byEncoding == null ? null : byEncoding.get(encoding.toUpperCase(Locale.ROOT)));
    }
}
