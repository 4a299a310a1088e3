package com.callbasis.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Bitmap index over the match fields rules are mostly told apart by: tenant, direction, queue, call
 * purpose, and caller and callee number prefixes. For each field and value it holds the set of rules
 * that accept the value (rules that name it, plus rules that leave the field open) as a bitmap in rule
 * order. A lookup ANDs six bitmaps word by word and stops at the first word holding a rule whose other
 * conditions hold, so first-match-wins costs about (position of the match / 64) word operations
 * instead of a test per rule, and the order of the rules is kept exactly.
 */
final class RuleIndex {
    private final Rule[] rules;
    private final int words;
    private final Field tenant;
    private final Field direction;
    private final Field queue;
    private final Field purpose;
    private final PrefixField callerPrefix;
    private final PrefixField calleePrefix;

    RuleIndex(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
        this.words = (this.rules.length + 63) >>> 6;
        this.tenant = new Field(r -> r.tenants);
        this.direction = new Field(r -> r.direction == null ? null : Set.of(r.direction.code()));
        this.queue = new Field(r -> r.queues);
        this.purpose = new Field(r -> r.purposes);
        this.callerPrefix = new PrefixField(r -> r.callerPrefixes);
        this.calleePrefix = new PrefixField(r -> r.calleePrefixes);
    }

    int size() {
        return rules.length;
    }

    Rule rule(int i) {
        return rules[i];
    }

    /** The candidate bitmaps for these facts: rule i is a candidate when bit i is set in all six. */
    long[][] candidates(CallFacts f) {
        return new long[][] {tenant.lookup(f.tenant()), direction.lookup(f.direction().code()), queue.lookup(f.queue()),
            purpose.lookup(f.purpose()), callerPrefix.lookup(f.callerE164()), calleePrefix.lookup(f.calleeE164())};
    }

    /** The first candidate at or after {@code from}, or -1. */
    int next(long[][] c, int from) {
        if (from >= rules.length) {
            return -1;
        }
        long[] a = c[0];
        long[] b = c[1];
        long[] q = c[2];
        long[] p = c[3];
        long[] cr = c[4];
        long[] ce = c[5];
        int w = from >>> 6;
        long bits = (a[w] & b[w] & q[w] & p[w] & cr[w] & ce[w]) & (-1L << (from & 63));
        while (true) {
            if (bits != 0) {
                return (w << 6) + Long.numberOfTrailingZeros(bits);
            }
            if (++w >= words) {
                return -1;
            }
            bits = a[w] & b[w] & q[w] & p[w] & cr[w] & ce[w];
        }
    }

    /**
     * Rules whose indexed conditions accept every value {@code later} accepts: the only possible
     * coverers, to be confirmed by {@link Rule#covers}. Keeps shadow detection near-linear.
     */
    long[] possibleCoverers(Rule later) {
        long[] out = new long[words];
        java.util.Arrays.fill(out, -1L);
        tenant.andCovering(out, later.tenants);
        direction.andCovering(out, later.direction == null ? null : Set.of(later.direction.code()));
        queue.andCovering(out, later.queues);
        purpose.andCovering(out, later.purposes);
        callerPrefix.andCovering(out, later.callerPrefixes);
        calleePrefix.andCovering(out, later.calleePrefixes);
        return out;
    }

    private final class Field {
        private final Map<String, long[]> accept = new HashMap<>();
        private final long[] wildcard = new long[words];

        Field(Function<Rule, Set<String>> values) {
            for (Rule r : rules) {
                Set<String> vs = values.apply(r);
                if (vs == null) {
                    wildcard[r.index >>> 6] |= 1L << r.index;
                } else {
                    for (String v : vs) {
                        accept.computeIfAbsent(v, k -> new long[words])[r.index >>> 6] |= 1L << r.index;
                    }
                }
            }
            for (long[] bits : accept.values()) {
                for (int w = 0; w < words; w++) {
                    bits[w] |= wildcard[w];
                }
            }
        }

        long[] lookup(String value) {
            if (value == null) {
                return wildcard;
            }
            long[] bits = accept.get(value);
            return bits != null ? bits : wildcard;
        }

        void andCovering(long[] out, Set<String> laterValues) {
            if (laterValues == null) {
                for (int w = 0; w < words; w++) {
                    out[w] &= wildcard[w];
                }
                return;
            }
            for (String v : laterValues) {
                long[] bits = lookup(v);
                for (int w = 0; w < words; w++) {
                    out[w] &= bits[w];
                }
            }
        }
    }

    /**
     * Number prefixes: the bitmap kept for prefix P holds every rule with a prefix that P starts with
     * (and the rules without one). A number's candidates are then the bitmap of the longest stored
     * prefix of the number: every rule accepting the number has a prefix of it, and all those prefixes
     * are prefixes of the longest one. Only the prefix lengths that occur are tried.
     */
    private final class PrefixField {
        private final Map<String, long[]> accept = new HashMap<>();
        private final long[] wildcard = new long[words];
        private final int[] lengths;

        PrefixField(Function<Rule, List<String>> values) {
            Map<String, long[]> own = new HashMap<>();
            for (Rule r : rules) {
                List<String> ps = values.apply(r);
                if (ps == null) {
                    wildcard[r.index >>> 6] |= 1L << r.index;
                } else {
                    for (String p : ps) {
                        own.computeIfAbsent(p, k -> new long[words])[r.index >>> 6] |= 1L << r.index;
                    }
                }
            }
            java.util.TreeSet<Integer> lens = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
            for (String p : own.keySet()) {
                lens.add(p.length());
                long[] bits = wildcard.clone();
                for (int len = 1; len <= p.length(); len++) {
                    long[] shorter = own.get(p.substring(0, len));
                    if (shorter != null) {
                        for (int w = 0; w < words; w++) {
                            bits[w] |= shorter[w];
                        }
                    }
                }
                accept.put(p, bits);
            }
            lengths = lens.stream().mapToInt(Integer::intValue).toArray();
        }

        long[] lookup(String number) {
            if (number == null || lengths.length == 0) {
                return wildcard;
            }
            for (int len : lengths) {
                if (len <= number.length()) {
                    long[] bits = accept.get(number.substring(0, len));
                    if (bits != null) {
                        return bits;
                    }
                }
            }
            return wildcard;
        }

        void andCovering(long[] out, List<String> laterPrefixes) {
            if (laterPrefixes == null) {
                for (int w = 0; w < words; w++) {
                    out[w] &= wildcard[w];
                }
                return;
            }
            for (String p : laterPrefixes) {
                long[] bits = lookup(p);
                for (int w = 0; w < words; w++) {
                    out[w] &= bits[w];
                }
            }
        }
    }
}
