package com.callbasis.store.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proofs and proof verification.
 * Leaf hash {@code SHA-256(0x00 || d)}, interior node {@code SHA-256(0x01 || l || r)}; the tree over n
 * leaves splits at the largest power of two smaller than n (RFC 9162 s.2.1.1).
 */
public final class Merkle {
    public static final int HASH_SIZE = 32;
    private static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private final List<byte[]> leaves;
    /** Hashes of aligned perfect subtrees, shared by every proof over this tree (key: start, size). */
    private final Map<Long, byte[]> perfect = new HashMap<>();

    /** A tree over the given leaf hashes (not leaf data). */
    public Merkle(List<byte[]> leafHashes) {
        this.leaves = leafHashes;
    }

    public static byte[] leafHash(byte[] data) {
        MessageDigest md = sha();
        md.update((byte) 0);
        md.update(data);
        return md.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest md = sha();
        md.update((byte) 1);
        md.update(left);
        md.update(right);
        return md.digest();
    }

    public int size() {
        return leaves.size();
    }

    /** MTH over the first {@code n} leaves; the empty tree's root is SHA-256 of the empty string. */
    public byte[] root(int n) {
        return n == 0 ? EMPTY_ROOT.clone() : mth(0, n);
    }

    /** PATH(m, D[0:n]) of RFC 6962 s.2.1.1. */
    public List<byte[]> inclusionProof(int m, int n) {
        if (m < 0 || m >= n || n > leaves.size()) {
            throw new IllegalArgumentException("no inclusion proof for leaf " + m + " in tree of " + n);
        }
        List<byte[]> out = new ArrayList<>();
        path(m, 0, n, out);
        return out;
    }

    /** PROOF(m, D[0:n]) of RFC 6962 s.2.1.2. */
    public List<byte[]> consistencyProof(int m, int n) {
        if (m <= 0 || m > n || n > leaves.size()) {
            throw new IllegalArgumentException("no consistency proof from " + m + " to " + n);
        }
        List<byte[]> out = new ArrayList<>();
        subproof(m, 0, n, true, out);
        return out;
    }

    private void path(int m, int start, int n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        int k = split(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(mth(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(mth(start, k));
        }
    }

    private void subproof(int m, int start, int n, boolean b, List<byte[]> out) {
        if (m == n) {
            if (!b) {
                out.add(mth(start, n));
            }
            return;
        }
        int k = split(n);
        if (m <= k) {
            subproof(m, start, k, b, out);
            out.add(mth(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(mth(start, k));
        }
    }

    private byte[] mth(int start, int n) {
        if (n == 1) {
            return leaves.get(start);
        }
        boolean isPerfect = Integer.bitCount(n) == 1;
        long key = ((long) start << 32) | n;
        if (isPerfect) {
            byte[] cached = perfect.get(key);
            if (cached != null) {
                return cached;
            }
        }
        int k = split(n);
        byte[] h = nodeHash(mth(start, k), mth(start + k, n - k));
        if (isPerfect) {
            perfect.put(key, h);
        }
        return h;
    }

    /** Largest power of two strictly smaller than n (n >= 2). */
    static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }

    /** RFC 9162 s.2.1.3.2: does {@code proof} show {@code leafHash} at {@code index} under {@code root}? */
    public static boolean verifyInclusion(long index, long treeSize, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= treeSize) {
            return false;
        }
        long fn = index;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /** RFC 9162 s.2.1.4.2: is the tree of {@code second} leaves an append-only extension of {@code first}? */
    public static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot,
            List<byte[]> proof) {
        if (first <= 0 || first > second) {
            return false;
        }
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> c = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            c.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        for (byte[] p : c.subList(1, c.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(p, fr);
                sr = nodeHash(p, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(sr, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    static byte[] sha256(byte[] data) {
        return sha().digest(data);
    }

    static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }

    static boolean equal(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
