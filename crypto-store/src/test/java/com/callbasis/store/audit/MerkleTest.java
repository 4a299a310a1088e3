package com.callbasis.store.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 6962 test vectors of the certificate-transparency reference implementation (merkle_tree_test.cc),
 * re-derived independently with Python's hashlib before being written here, plus an independent
 * bottom-up implementation and exhaustive proof checks for small trees.
 */
class MerkleTest {
    static final String[] LEAVES = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
        "606162636465666768696a6b6c6d6e6f"};
    static final String[] ROOTS = {
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
    static final HexFormat HEX = HexFormat.of();

    static List<byte[]> leafHashes(int n) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Merkle.leafHash(i < LEAVES.length ? HEX.parseHex(LEAVES[i]) : new byte[] {(byte) i, 7}));
        }
        return out;
    }

    static List<byte[]> hashes(String... hex) {
        List<byte[]> out = new ArrayList<>();
        for (String h : hex) {
            out.add(HEX.parseHex(h));
        }
        return out;
    }

    /** Independent: level by level, pairing neighbours and promoting an odd last node unchanged. */
    static byte[] bottomUpRoot(List<byte[]> level) {
        List<byte[]> cur = level;
        while (cur.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i + 1 < cur.size(); i += 2) {
                next.add(Merkle.nodeHash(cur.get(i), cur.get(i + 1)));
            }
            if (cur.size() % 2 == 1) {
                next.add(cur.get(cur.size() - 1));
            }
            cur = next;
        }
        return cur.get(0);
    }

    @Test
    void rootsMatchRfc6962Vectors() {
        Merkle t = new Merkle(leafHashes(8));
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(t.root(n))).as("root of %d leaves", n).isEqualTo(ROOTS[n - 1]);
        }
        assertThat(HEX.formatHex(t.root(0))).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void rootsMatchIndependentBottomUpComputation() {
        List<byte[]> leaves = leafHashes(70);
        Merkle t = new Merkle(leaves);
        for (int n = 1; n <= 70; n++) {
            assertThat(t.root(n)).as("n=%d", n).isEqualTo(bottomUpRoot(leaves.subList(0, n)));
        }
    }

    @Test
    void inclusionProofVectors() {
        Merkle t = new Merkle(leafHashes(8));
        assertThat(t.inclusionProof(0, 1)).isEmpty();
        assertThat(t.inclusionProof(0, 8)).containsExactlyElementsOf(hashes(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
        assertThat(t.inclusionProof(5, 8)).containsExactlyElementsOf(hashes(
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        assertThat(t.inclusionProof(2, 3)).containsExactlyElementsOf(hashes(ROOTS[1]));
        assertThat(t.inclusionProof(1, 5)).containsExactlyElementsOf(hashes(ROOTS[0],
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    }

    @Test
    void consistencyProofVectors() {
        Merkle t = new Merkle(leafHashes(8));
        assertThat(t.consistencyProof(1, 1)).isEmpty();
        assertThat(t.consistencyProof(1, 8)).containsExactlyElementsOf(hashes(
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
        assertThat(t.consistencyProof(6, 8)).containsExactlyElementsOf(hashes(
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        assertThat(t.consistencyProof(2, 5)).containsExactlyElementsOf(hashes(
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
    }

    @Test
    void everyInclusionProofVerifiesAndTamperingFails() {
        List<byte[]> leaves = leafHashes(33);
        Merkle t = new Merkle(leaves);
        for (int n = 1; n <= 33; n++) {
            byte[] root = t.root(n);
            for (int m = 0; m < n; m++) {
                List<byte[]> proof = t.inclusionProof(m, n);
                assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), proof, root)).as("m=%d n=%d", m, n).isTrue();
                assertThat(Merkle.verifyInclusion(m, n, leaves.get((m + 1) % 33), proof, root)).isFalse();
                if (n > 1) {
                    assertThat(Merkle.verifyInclusion((m + 1) % n, n, leaves.get(m), proof, root)).isFalse();
                    List<byte[]> bad = new ArrayList<>(proof);
                    byte[] flipped = bad.get(0).clone();
                    flipped[0] ^= 1;
                    bad.set(0, flipped);
                    assertThat(Merkle.verifyInclusion(m, n, leaves.get(m), bad, root)).isFalse();
                }
            }
        }
    }

    @Test
    void everyConsistencyProofVerifiesAndTamperingFails() {
        Merkle t = new Merkle(leafHashes(33));
        for (int n = 1; n <= 33; n++) {
            for (int m = 1; m <= n; m++) {
                List<byte[]> proof = t.consistencyProof(m, n);
                assertThat(Merkle.verifyConsistency(m, n, t.root(m), t.root(n), proof)).as("m=%d n=%d", m, n).isTrue();
                if (m < n) {
                    if (m > 1) {
                        assertThat(Merkle.verifyConsistency(m, n, t.root(m - 1), t.root(n), proof)).isFalse();
                    }
                    byte[] wrong = t.root(n).clone();
                    wrong[5] ^= 0x40;
                    assertThat(Merkle.verifyConsistency(m, n, t.root(m), wrong, proof)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, wrong, t.root(n), proof)).isFalse();
                    assertThat(Merkle.verifyConsistency(m, n, t.root(m), t.root(n), proof.subList(0, proof.size() - 1)))
                            .isFalse();
                }
            }
        }
    }
}
