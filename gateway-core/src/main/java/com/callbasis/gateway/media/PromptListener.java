package com.callbasis.gateway.media;

/**
 * Told how a {@link PromptPlayback} ended, exactly once: either {@link #completed} or
 * {@link #cancelled}.
 *
 * <p>Called on the media event loop that sends the session's packets (the relay's thread, not the
 * SIP core's): return quickly and hand real work to another thread. Only when the relay is already
 * closed does {@code cancelled} run on the thread that called {@code playPrompt} or {@code cancel}.
 * An exception thrown here is logged and otherwise ignored.
 */
public interface PromptListener {
    /**
     * The last frame's time has come. Frames that found no destination (the peer on hold or not yet
     * announced) are in {@link PromptResult#framesNotSent()}; whether to play again is the caller's call.
     */
    void completed(PromptResult result);

    /**
     * Stopped before the last frame: {@link PromptPlayback#cancel()}, a newer prompt to the same side
     * of the stream, or the stream or session closing.
     */
    void cancelled(PromptResult result);
}
