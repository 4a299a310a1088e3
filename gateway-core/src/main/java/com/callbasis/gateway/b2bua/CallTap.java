package com.callbasis.gateway.b2bua;

import com.callbasis.gateway.media.MediaTap;
import com.callbasis.gateway.media.Side;
import com.callbasis.gateway.recording.CallRecording;
import io.netty.buffer.ByteBuf;

/**
 * The one tap of a call's media session (relay thread): the subject's packets go to its DTMF
 * listener (consent digits, the withdrawal sequence), every packet to the recording while one runs.
 * Both are read per packet, so setting them takes effect with the next one.
 */
final class CallTap implements MediaTap {
    private final Side subject;
    private final SubjectDigits digits;
    private volatile CallRecording recording;

    CallTap(Side subject, SubjectDigits digits) {
        this.subject = subject;
        this.digits = digits;
    }

    void setRecording(CallRecording recording) {
        this.recording = recording;
    }

    @Override
    public void onRtp(Side from, ByteBuf packet, long arrivalNanos) {
        if (from == subject && digits != null) {
            int r = packet.readerIndex();
            digits.onRtp(from, packet, arrivalNanos);
            packet.readerIndex(r);
        }
        CallRecording rec = recording;
        if (rec != null) {
            rec.onRtp(from, packet, arrivalNanos);
        }
    }
}
