package com.callbasis.gateway.dtmf;

import java.util.ArrayList;
import java.util.List;

/** Runs a detector over PCM and collects what it reports. */
final class DetectorProbe {
    record Hit(char digit, long start, long end) {}

    private DetectorProbe() {}

    static List<Hit> detect(int rate, short[] pcm, int chunk) {
        List<Hit> hits = new ArrayList<>();
        InbandDtmfDetector d = new InbandDtmfDetector(rate, (c, s, e) -> hits.add(new Hit(c, s, e)));
        for (int off = 0; off < pcm.length; off += chunk) {
            d.process(pcm, off, Math.min(chunk, pcm.length - off));
        }
        d.flush();
        return hits;
    }

    static String digits(int rate, short[] pcm) {
        StringBuilder s = new StringBuilder();
        for (Hit h : detect(rate, pcm, 160)) {
            s.append(h.digit());
        }
        return s.toString();
    }
}
