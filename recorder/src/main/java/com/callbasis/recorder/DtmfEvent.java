package com.callbasis.recorder;

import java.util.Objects;

/**
 * An RFC 4733 telephone-event seen on a leg. The recorder keeps no record of the digit: it is passed
 * to the listener and forgotten, and {@link #toString()} does not print it (card numbers are typed
 * as DTMF).
 */
public final class DtmfEvent {
    /** Start: first packet of an event; END: the end bit (E) was seen, or the event was cut short. */
    public enum Phase { START, END }

    private final Leg leg;
    private final Phase phase;
    private final int event;
    private final long positionMillis;
    private final long durationMillis;

    public DtmfEvent(Leg leg, Phase phase, int event, long positionMillis, long durationMillis) {
        this.leg = Objects.requireNonNull(leg);
        this.phase = Objects.requireNonNull(phase);
        this.event = event;
        this.positionMillis = positionMillis;
        this.durationMillis = durationMillis;
    }

    public Leg leg() {
        return leg;
    }

    public Phase phase() {
        return phase;
    }

    /** RFC 4733 s.3.2 event code: 0-9 digits, 10 '*', 11 '#', 12-15 A-D, 16 flash. */
    public int event() {
        return event;
    }

    /** The event as a keypad character ('0'-'9', '*', '#', 'A'-'D'), or '?' for other events. */
    public char digit() {
        if (event >= 0 && event <= 9) {
            return (char) ('0' + event);
        }
        return switch (event) {
            case 10 -> '*';
            case 11 -> '#';
            case 12, 13, 14, 15 -> (char) ('A' + event - 12);
            default -> '?';
        };
    }

    /** Where the event starts, in milliseconds from the start of the recording. */
    public long positionMillis() {
        return positionMillis;
    }

    /** Duration so far (START) or in total (END), from the event packets. */
    public long durationMillis() {
        return durationMillis;
    }

    @Override
    public String toString() {
        return "DtmfEvent[" + leg + " " + phase + " at " + positionMillis + " ms, " + durationMillis + " ms]";
    }
}
