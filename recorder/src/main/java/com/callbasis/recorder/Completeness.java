package com.callbasis.recorder;

/**
 * Packet accounting of one leg (RFC 3550 s.6.4.1 / A.3 style, summed over all SSRCs the leg had).
 * Invariants: {@code expected = received + lost} (when no packet arrived before the first one),
 * {@code received = written + late + events + suppressed + unsupported}.
 *
 * @param leg which side
 * @param expected packets the sequence numbers say were sent (highest - first + 1, per source)
 * @param received distinct packets that arrived (duplicates not counted)
 * @param lost expected - received: never arrived (concealed with silence)
 * @param late arrived after their place in the recording was written; dropped
 * @param duplicate copies of packets already received; dropped
 * @param written audio packets whose samples are in the recording
 * @param events RFC 4733 telephone-event packets (never written as audio)
 * @param suppressed audio packets that fell entirely within a pause or a suppressed DTMF stretch
 * @param unsupported packets with a payload type that has no decoder (e.g. comfort noise) or a bad payload
 * @param resyncs times the leg's timeline was re-aligned (timestamp jump, sequence restart, clock slip)
 * @param sources SSRCs seen
 * @param lossRatio (lost + late) / expected: the share of audio missing from the recording
 * @param overThreshold lossRatio above the configured threshold: the recording is flagged
 */
public record Completeness(Leg leg, long expected, long received, long lost, long late, long duplicate,
        long written, long events, long suppressed, long unsupported, long resyncs, int sources,
        double lossRatio, boolean overThreshold) {
}
