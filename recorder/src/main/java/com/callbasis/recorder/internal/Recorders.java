package com.callbasis.recorder.internal;

import com.callbasis.recorder.CallRecorder;
import com.callbasis.recorder.PcmSink;
import com.callbasis.recorder.RecorderConfig;
import com.callbasis.recorder.RecorderListener;
import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.LongSupplier;

/** Factory behind {@link CallRecorder#create}; not API. */
public final class Recorders {
    private Recorders() {}

    public static CallRecorder create(RecorderConfig config, PcmSink sink, RecorderListener listener,
            LongSupplier nanoClock, Clock wallClock) throws IOException {
        return new DefaultCallRecorder(Objects.requireNonNull(config), Objects.requireNonNull(sink),
                listener == null ? RecorderListener.NONE : listener, Objects.requireNonNull(nanoClock),
                Objects.requireNonNull(wallClock));
    }
}
