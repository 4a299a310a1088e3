package com.callbasis.gateway.sip.message;

/** Character classes and small scanners from the RFC 3261 s.25.1 grammar. */
final class Lex {
    private Lex() {
    }

    static boolean isWs(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static int skipLws(String s, int i) {
        while (i < s.length() && isWs(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
    static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Characters allowed in a header or URI parameter name/value (token plus URI param-unreserved). */
    static boolean isParamChar(char c) {
        return isTokenChar(c) || "[]/:&+$".indexOf(c) >= 0;
    }

    /** Index just past the closing quote of a quoted-string starting at {@code i}. */
    static int endOfQuoted(String s, int i) {
        int j = i + 1;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '"') {
                return j + 1;
            }
            j++;
        }
        throw new IllegalArgumentException("unterminated quoted string");
    }
}
