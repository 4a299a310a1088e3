package com.callbasis.gateway.media.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where sent audio sits in a recorded channel, by exact sample match: the proof that G.711 went
 * through relay and recorder untouched wherever packets were not lost.
 *
 * <p>A key of one packet (160 samples) from the reference is searched in the recording; if the
 * first packet was lost the next one serves as key, and so on. Exact search needs samples that do
 * not repeat: the fixtures carry a small dither for that (a pure 1000 Hz tone repeats every 8
 * samples and would match anywhere).
 */
public final class SampleAlignment {
    public static final int KEY = 160;

    /**
     * @param offset   recorded index of reference sample 0 ({@code recorded[i + offset] == reference[i]}),
     *                 negative when the recording starts after the reference did
     * @param matching samples equal at that offset, over the overlap
     * @param overlap  samples of the reference that fall inside the recording
     */
    public record Match(int offset, int matching, int overlap) {}

    private SampleAlignment() {}

    /** The best alignment found from a key at any packet boundary of the reference, if any key occurs. */
    public static Optional<Match> find(short[] reference, short[] recorded) {
        for (int keyStart = 0; keyStart + KEY <= reference.length; keyStart += KEY) {
            Match best = null;
            for (int at = indexOf(recorded, reference, keyStart, 0); at >= 0; at = indexOf(recorded, reference, keyStart, at + 1)) {
                Match m = at(reference, recorded, at - keyStart);
                if (best == null || m.matching() > best.matching()) {
                    best = m;
                }
            }
            if (best != null) {
                return Optional.of(best);
            }
        }
        return Optional.empty();
    }

    /** The match counts for a given offset. */
    public static Match at(short[] reference, short[] recorded, int offset) {
        int matching = 0;
        int overlap = 0;
        for (int i = Math.max(0, -offset); i < reference.length && i + offset < recorded.length; i++) {
            overlap++;
            if (recorded[i + offset] == reference[i]) {
                matching++;
            }
        }
        return new Match(offset, matching, overlap);
    }

    /**
     * Indices of the reference's {@code packetSize}-sample packets that are not reproduced exactly at
     * {@code offset} (lost, concealed, or outside the recording): compare with the packets dropped.
     */
    public static List<Integer> mismatchedPackets(short[] reference, short[] recorded, int offset, int packetSize) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p * packetSize < reference.length; p++) {
            for (int i = p * packetSize; i < Math.min(reference.length, (p + 1) * packetSize); i++) {
                int r = i + offset;
                if (r < 0 || r >= recorded.length || recorded[r] != reference[i]) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    private static int indexOf(short[] hay, short[] reference, int keyStart, int from) {
        outer:
        for (int at = from; at + KEY <= hay.length; at++) {
            for (int k = 0; k < KEY; k++) {
                if (hay[at + k] != reference[keyStart + k]) {
                    continue outer;
                }
            }
            return at;
        }
        return -1;
    }
}
