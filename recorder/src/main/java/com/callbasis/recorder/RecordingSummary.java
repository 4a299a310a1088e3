package com.callbasis.recorder;

/**
 * What a closed recording holds.
 *
 * @param format the PCM format written
 * @param frames stereo frames written (duration = frames / sampleRate)
 * @param caller completeness of the caller leg
 * @param agent completeness of the agent leg
 * @param sinkFailed true when the sink failed and the recording is incomplete
 */
public record RecordingSummary(PcmFormat format, long frames, Completeness caller, Completeness agent,
        boolean sinkFailed) {
    public long durationMillis() {
        return frames * 1000 / format.sampleRate();
    }

    /** True when either leg is over the loss threshold or the sink failed. */
    public boolean flagged() {
        return sinkFailed || caller.overThreshold() || agent.overThreshold();
    }
}
