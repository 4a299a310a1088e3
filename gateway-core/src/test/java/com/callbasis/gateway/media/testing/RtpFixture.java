package com.callbasis.gateway.media.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixture of src/test/resources/rtp: its pcap and the facts of its .json (ssrc, pt, packets,
 * first_seq, first_ts, tone_hz, samples, ...), both written by scripts/make-rtp-fixtures.
 */
public final class RtpFixture {
    public static final String CALLER_PCMU = "caller-pcmu-1000hz-5s";
    public static final String CALLEE_PCMU = "callee-pcmu-1400hz-5s";
    public static final String CALLER_PCMA = "caller-pcma-1000hz-5s";
    public static final String CALLEE_PCMA = "callee-pcma-1400hz-5s";
    public static final String DTMF_PCMU = "dtmf-pcmu-1000hz-with-digit";

    // the .json files are flat objects of numbers and strings, so a pattern reads them
    private static final Pattern ENTRY = Pattern.compile("\"(\\w+)\"\\s*:\\s*(?:\"([^\"]*)\"|(-?\\d+))");

    private final String name;
    private final Map<String, String> facts;

    private RtpFixture(String name, Map<String, String> facts) {
        this.name = name;
        this.facts = facts;
    }

    public static RtpFixture load(String name) {
        Map<String, String> facts = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(new String(bytes(name + ".json"), StandardCharsets.UTF_8));
        while (m.find()) {
            facts.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return new RtpFixture(name, Map.copyOf(facts));
    }

    public String name() {
        return name;
    }

    /** A numeric fact, e.g. {@code fact("ssrc")}. */
    public long fact(String key) {
        return Long.parseLong(text(key));
    }

    public String text(String key) {
        String v = facts.get(key);
        if (v == null) {
            throw new IllegalArgumentException(name + ".json has no " + key);
        }
        return v;
    }

    public G711Pcap pcap() {
        return G711Pcap.parse(bytes(name + ".pcap"));
    }

    /**
     * Copies the pcap into {@code dir} and returns its absolute path, for SIPp's
     * {@code -key pcap <path>} (the class path may be a jar, which SIPp cannot read).
     */
    public Path copyPcapTo(Path dir) throws IOException {
        Path out = dir.resolve(name + ".pcap").toAbsolutePath();
        Files.write(out, bytes(name + ".pcap"));
        return out;
    }

    private static byte[] bytes(String file) {
        try (InputStream in = RtpFixture.class.getResourceAsStream("/rtp/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture rtp/" + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
