package com.callbasis.recorder;

/**
 * What the recorder reports to the gateway while a call runs. Called on the thread that fed the
 * packet or made the request, with the recorder's lock held: return quickly and never call back into
 * the recorder.
 */
public interface RecorderListener {
    RecorderListener NONE = new RecorderListener() {};

    /** A DTMF (RFC 4733) event began or ended. The digit must not be stored or logged. */
    default void onDtmf(DtmfEvent event) {
    }

    /** Capture was paused or resumed; the gateway audits each one. */
    default void onPause(PauseEvent event) {
    }

    /** The sink failed; the recording is incomplete from here on and the gateway must say why. */
    default void onSinkFailure(Exception cause) {
    }
}
