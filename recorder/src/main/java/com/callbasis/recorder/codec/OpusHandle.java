package com.callbasis.recorder.codec;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * A libopus encoder's or decoder's native address and the function that frees it; {@link #run()} frees it
 * once, from the owner's {@code close()} or, failing that, from {@link #CLEANER} when the owner becomes
 * unreachable. It holds no reference to its owner, as a {@link Cleaner} action must not.
 */
final class OpusHandle implements Runnable {
    /** One cleaner thread for all Opus objects of the module. */
    static final Cleaner CLEANER = Cleaner.create();

    final long ptr;
    private final LongConsumer free;

    OpusHandle(long ptr, LongConsumer free) {
        this.ptr = ptr;
        this.free = free;
    }

    @Override
    public void run() {
        free.accept(ptr);
    }
}
