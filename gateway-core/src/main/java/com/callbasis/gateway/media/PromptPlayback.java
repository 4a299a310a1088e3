package com.callbasis.gateway.media;

/**
 * A prompt being played to one side of a stream, as returned by {@link MediaStream#playPrompt}.
 * Every method is safe from any thread.
 */
public interface PromptPlayback {
    /**
     * Stops sending; the listener's {@link PromptListener#cancelled} follows on the event loop unless
     * the playback had already ended. Idempotent.
     */
    void cancel();

    /** Frames sent so far (late ones included); read from another thread it may lag by a tick. */
    long framesSent();

    /** True once the listener has been (or is being) told the outcome. */
    boolean isDone();
}
