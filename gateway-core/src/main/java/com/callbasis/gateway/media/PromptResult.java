package com.callbasis.gateway.media;

import java.time.Instant;

/**
 * What a playback did.
 *
 * @param framesSent frames handed to the socket, late ones included
 * @param framesLate of those, frames sent more than 5 ms after their due time (start + i * 20 ms)
 * @param framesNotSent frames whose time came but that were not sent: the peer had no destination
 *     (on hold, c=0.0.0.0, not yet announced), the socket's send buffer was full, or SRTP refused them.
 *     Their RTP timestamps were skipped (the clock went on), their sequence numbers were not
 * @param start wall-clock time when the first frame was due and handled (or when it was cancelled,
 *     if that came first)
 * @param end wall-clock time when the playback ended
 * @param nanos monotonic time from {@code start} to {@code end}
 */
public record PromptResult(long framesSent, long framesLate, long framesNotSent, Instant start, Instant end, long nanos) {
}
