package com.callbasis.config;

import java.util.Locale;
import java.util.Optional;

/** SIP transports the gateway listens on and sends over. */
public enum Transport {
    UDP, TCP, TLS;

    /** Lower-case name as written in config files and in the {@code transport=} URI parameter. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Transport> parse(String s) {
        for (Transport t : values()) {
            if (t.name().equalsIgnoreCase(s)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** True for transports that carry a byte stream and need Content-Length framing. */
    public boolean isStream() {
        return this != UDP;
    }
}
