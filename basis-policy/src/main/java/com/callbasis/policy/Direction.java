package com.callbasis.policy;

/** Direction of a call as seen from the contact centre. */
public enum Direction {
    INBOUND,
    OUTBOUND;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code inbound} / {@code outbound}; null otherwise. */
    public static Direction fromCode(String s) {
        return switch (s) {
            case "inbound" -> INBOUND;
            case "outbound" -> OUTBOUND;
            default -> null;
        };
    }
}
