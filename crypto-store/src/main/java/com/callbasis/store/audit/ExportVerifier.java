package com.callbasis.store.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Offline verifier of an audit export, needing only the log's public verifier key: manifest and
 * checkpoint signatures, every file's SHA-256, no missing or extra file, each entry's inclusion proof
 * against the checkpoint root, tenant and time range, and the decision justifications' digests.
 */
public final class ExportVerifier {
    private final NoteVerifier key;
    private final List<String> problems = new ArrayList<>();

    private ExportVerifier(NoteVerifier key) {
        this.key = key;
    }

    public static ExportReport verify(Path dir, String verifierKey) {
        return verify(dir, verifierKey, null);
    }

    /**
     * Also checks that the log only grew since {@code previousCheckpoint} (a signed checkpoint note the
     * auditor kept from an earlier export; null to skip): the export must carry a consistency proof
     * from that checkpoint's tree to its own.
     */
    public static ExportReport verify(Path dir, String verifierKey, String previousCheckpoint) {
        NoteVerifier k;
        try {
            k = NoteVerifier.parse(verifierKey);
        } catch (GeneralSecurityException e) {
            return new ExportReport(List.of("public key: " + e.getMessage()), 0, 0);
        }
        ExportVerifier v = new ExportVerifier(k);
        ExportReport r = v.run(dir);
        if (previousCheckpoint == null || !r.problems().isEmpty()) {
            return r;
        }
        v.checkConsistency(dir, previousCheckpoint);
        return new ExportReport(v.problems, r.entries(), r.treeSize());
    }

    private void checkConsistency(Path dir, String previousNote) {
        Checkpoint old;
        Checkpoint now;
        try {
            old = Checkpoint.parse(key.verify(previousNote));
            now = Checkpoint.parse(key.verify(utf8(Files.readAllBytes(dir.resolve(ExportLayout.CHECKPOINT)))));
        } catch (IOException | GeneralSecurityException e) {
            problems.add("previous checkpoint: " + e.getMessage());
            return;
        }
        if (old.size() == now.size()) {
            if (!old.equals(now)) {
                problems.add("previous checkpoint: same size, different root: the log was rewritten");
            }
            return;
        }
        Path f = dir.resolve(ExportLayout.CONSISTENCY);
        if (!Files.isRegularFile(f)) {
            problems.add(ExportLayout.CONSISTENCY + ": missing (export again with the previous checkpoint)");
            return;
        }
        try {
            String[] lines = utf8(Files.readAllBytes(f)).split("\n");
            if (lines.length < 3 || !lines[0].equals(ExportLayout.CONSISTENCY_FORMAT)
                    || !lines[1].equals("old " + old.size()) || !lines[2].equals("new " + now.size())) {
                problems.add(ExportLayout.CONSISTENCY + ": not a proof from size " + old.size() + " to " + now.size());
                return;
            }
            List<byte[]> proof = new ArrayList<>();
            for (int i = 3; i < lines.length; i++) {
                proof.add(Base64.getDecoder().decode(lines[i]));
            }
            if (!Merkle.verifyConsistency(old.size(), now.size(), old.root(), now.root(), proof)) {
                problems.add(ExportLayout.CONSISTENCY + ": the log is not an append-only extension of the previous checkpoint");
            }
        } catch (IOException | IllegalArgumentException e) {
            problems.add(ExportLayout.CONSISTENCY + ": " + e.getMessage());
        }
    }

    private ExportReport run(Path dir) {
        Map<String, String> manifestFiles = new TreeMap<>();
        Map<String, String> header = new TreeMap<>();
        try {
            String body = key.verify(utf8(Files.readAllBytes(dir.resolve(ExportLayout.MANIFEST))));
            parseManifest(body, header, manifestFiles);
        } catch (IOException | GeneralSecurityException e) {
            return new ExportReport(List.of("manifest: " + e.getMessage()), 0, 0);
        }
        if (!problems.isEmpty()) {
            return new ExportReport(problems, 0, 0);
        }
        checkFileSet(dir, manifestFiles);
        Checkpoint cp = checkpoint(dir, header);
        int entries = 0;
        if (cp != null) {
            Instant from = instant(header.get("from"));
            Instant to = instant(header.get("to"));
            for (String f : manifestFiles.keySet()) {
                if (f.startsWith(ExportLayout.ENTRIES)) {
                    entries++;
                    checkEntry(dir, f, cp, header.get("tenant"), from, to);
                }
            }
        }
        return new ExportReport(problems, entries, cp == null ? 0 : cp.size());
    }

    private void parseManifest(String body, Map<String, String> header, Map<String, String> files) {
        String[] lines = body.split("\n");
        if (lines.length == 0 || !lines[0].equals(ExportLayout.FORMAT)) {
            problems.add("manifest: not a " + ExportLayout.FORMAT + " manifest");
            return;
        }
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int sp = l.indexOf(' ');
            if (sp < 0) {
                problems.add("manifest: malformed line " + (i + 1));
                continue;
            }
            String k = l.substring(0, sp);
            String v = l.substring(sp + 1);
            if (k.equals("file")) {
                int sp2 = v.indexOf(' ');
                String path = v.substring(sp2 + 1);
                if (sp2 != 64 || path.contains("..") || path.startsWith("/") || files.put(path, v.substring(0, 64)) != null) {
                    problems.add("manifest: bad file line " + (i + 1));
                }
            } else {
                header.put(k, v);
            }
        }
        for (String k : List.of("origin", "tenant", "from", "to", "size")) {
            if (!header.containsKey(k)) {
                problems.add("manifest: missing " + k);
            }
        }
        if (!key.name().equals(header.get("origin"))) {
            problems.add("manifest: origin " + header.get("origin") + " is not the key's log " + key.name());
        }
    }

    private void checkFileSet(Path dir, Map<String, String> expected) {
        TreeSet<String> present = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> present.add(dir.relativize(p).toString().replace('\\', '/')));
        } catch (IOException e) {
            problems.add("cannot list export folder: " + e.getMessage());
            return;
        }
        present.remove(ExportLayout.MANIFEST);
        for (String f : expected.keySet()) {
            if (!present.remove(f)) {
                problems.add(f + ": missing");
                continue;
            }
            try {
                String actual = HexFormat.of().formatHex(Merkle.sha256(Files.readAllBytes(dir.resolve(f))));
                if (!actual.equals(expected.get(f))) {
                    problems.add(f + ": SHA-256 does not match the signed manifest");
                }
            } catch (IOException e) {
                problems.add(f + ": unreadable: " + e.getMessage());
            }
        }
        for (String extra : present) {
            problems.add(extra + ": not listed in the signed manifest");
        }
    }

    private Checkpoint checkpoint(Path dir, Map<String, String> header) {
        try {
            Checkpoint cp = Checkpoint.parse(key.verify(utf8(Files.readAllBytes(dir.resolve(ExportLayout.CHECKPOINT)))));
            if (!cp.origin().equals(key.name()) || !Long.toString(cp.size()).equals(header.get("size"))) {
                problems.add("checkpoint: origin or size differs from the manifest");
            }
            return cp;
        } catch (IOException | GeneralSecurityException e) {
            problems.add("checkpoint: " + e.getMessage());
            return null;
        }
    }

    private void checkEntry(Path dir, String file, Checkpoint cp, String tenant, Instant from, Instant to) {
        try {
            long index = Long.parseLong(file.substring(ExportLayout.ENTRIES.length(), file.length() - ".json".length()));
            byte[] data = Files.readAllBytes(dir.resolve(file));
            List<byte[]> proof = proof(dir, index, cp);
            if (proof == null) {
                return;
            }
            if (!Merkle.verifyInclusion(index, cp.size(), Merkle.leafHash(data), proof, cp.root())) {
                problems.add(file + ": inclusion proof does not verify against the checkpoint");
            }
            JsonNode leaf = LeafCodec.decode(data);
            if (leaf == null) {
                problems.add(file + ": not a well-formed audit leaf");
                return;
            }
            String t = leaf.path("tenant").asText();
            Instant time = Instant.parse(leaf.path("time").asText());
            if (!t.isEmpty() && !t.equals(tenant) && !ExportLayout.ALL_TENANTS.equals(tenant)) {
                problems.add(file + ": belongs to another tenant");
            }
            if (from != null && to != null && (time.isBefore(from) || !time.isBefore(to))) {
                problems.add(file + ": outside the exported time range");
            }
            String sha = leaf.path("fields").path("decisionSha256").asText(null);
            if (sha != null && leaf.path("fields").has("decisionId")) {
                Path d = dir.resolve(ExportLayout.decision(sha));
                if (!Files.isRegularFile(d)) {
                    problems.add(file + ": decision justification " + sha + " missing");
                } else if (!HexFormat.of().formatHex(Merkle.sha256(Files.readAllBytes(d))).equals(sha)) {
                    problems.add(file + ": decision justification does not match its digest");
                }
            }
        } catch (IOException | NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            problems.add(file + ": " + e.getMessage());
        }
    }

    private List<byte[]> proof(Path dir, long index, Checkpoint cp) throws IOException {
        String name = ExportLayout.proof(index);
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) {
            problems.add(name + ": missing");
            return null;
        }
        String text;
        try {
            text = utf8(Files.readAllBytes(p));
        } catch (CharacterCodingException e) {
            problems.add(name + ": not UTF-8");
            return null;
        }
        int split = text.indexOf("\n\n");
        String[] lines = split < 0 ? new String[0] : text.substring(0, split).split("\n");
        // C2SP tlog-proof: header, optional "extra" line, "index N", hashes, blank line, checkpoint
        int at = lines.length > 1 && lines[1].startsWith("extra ") ? 2 : 1;
        if (lines.length <= at || !lines[0].equals(ExportLayout.PROOF_FORMAT) || !lines[at].equals("index " + index)) {
            problems.add(name + ": malformed proof");
            return null;
        }
        try {
            Checkpoint embedded = Checkpoint.parse(key.verify(text.substring(split + 2)));
            if (!embedded.equals(cp)) {
                problems.add(name + ": proof is for another checkpoint");
                return null;
            }
        } catch (GeneralSecurityException e) {
            problems.add(name + ": " + e.getMessage());
            return null;
        }
        List<byte[]> hashes = new ArrayList<>();
        for (int i = at + 1; i < lines.length; i++) {
            try {
                byte[] h = Base64.getDecoder().decode(lines[i]);
                if (h.length != Merkle.HASH_SIZE) {
                    throw new IllegalArgumentException("hash is not 32 bytes");
                }
                hashes.add(h);
            } catch (IllegalArgumentException e) {
                problems.add(name + ": malformed hash line " + (i + 1));
                return null;
            }
        }
        return hashes;
    }

    private static Instant instant(String s) {
        try {
            return s == null ? null : Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Strict UTF-8: a flipped byte that breaks the encoding is an error, not a replacement char. */
    private static String utf8(byte[] b) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(b)).toString();
    }

    static boolean sameBytes(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
