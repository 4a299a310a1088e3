package com.callbasis.store.audit;

import com.callbasis.store.db.AuditLeafRow;
import com.callbasis.store.db.DecisionRow;
import com.callbasis.store.db.MetadataDb;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes an export folder: the checkpoint, each entry's leaf data with its inclusion proof, the
 * decision justifications the entries reference, and a manifest (a signed note listing the SHA-256
 * of every file), so a removed, added or altered file is detected with the public key alone.
 */
final class AuditExporter {
    private final AuditLog log;
    private final MetadataDb db;
    private final NoteSigner signer;

    AuditExporter(AuditLog log, MetadataDb db, NoteSigner signer) {
        this.log = log;
        this.db = db;
        this.signer = signer;
    }

    ExportSummary write(String tenant, Instant from, Instant to, SignedCheckpoint cp, Path dir, long previousSize)
            throws SQLException, GeneralSecurityException, IOException {
        if (Files.exists(dir) && (!Files.isDirectory(dir) || hasChildren(dir))) {
            throw new IOException("export folder " + dir + " exists and is not empty");
        }
        Files.createDirectories(dir.resolve("entries"));
        Files.createDirectories(dir.resolve("proofs"));
        Files.createDirectories(dir.resolve("decisions"));
        long size = cp.checkpoint().size();
        Map<String, byte[]> files = new TreeMap<>();
        files.put(ExportLayout.CHECKPOINT, cp.note().getBytes(StandardCharsets.UTF_8));
        List<AuditLeafRow> rows = db.audit().leavesFor(tenant, from, to, size);
        int decisions = 0;
        for (AuditLeafRow r : rows) {
            files.put(ExportLayout.entry(r.index()), r.data());
            files.put(ExportLayout.proof(r.index()), proofText(r.index(), size, cp.note()));
            JsonNode leaf = LeafCodec.decode(r.data());
            String decisionId = leaf == null ? null : leaf.path("fields").path("decisionId").asText(null);
            String sha = leaf == null ? null : leaf.path("fields").path("decisionSha256").asText(null);
            if (decisionId != null && sha != null && !files.containsKey(ExportLayout.decision(sha))) {
                Optional<DecisionRow> d = db.decisions().find(decisionId);
                if (d.isPresent() && d.get().sha256().equals(sha)) {
                    files.put(ExportLayout.decision(sha), d.get().canonicalJson().getBytes(StandardCharsets.UTF_8));
                    decisions++;
                }
            }
        }
        if (previousSize > 0) {
            StringBuilder c = new StringBuilder(ExportLayout.CONSISTENCY_FORMAT).append('\n')
                    .append("old ").append(previousSize).append('\n')
                    .append("new ").append(size).append('\n');
            if (previousSize < size) {
                for (byte[] h : log.consistencyProof(previousSize, size)) {
                    c.append(Base64.getEncoder().encodeToString(h)).append('\n');
                }
            }
            files.put(ExportLayout.CONSISTENCY, c.toString().getBytes(StandardCharsets.UTF_8));
        }
        StringBuilder manifest = new StringBuilder()
                .append(ExportLayout.FORMAT).append('\n')
                .append("origin ").append(log.origin()).append('\n')
                .append("tenant ").append(tenant == null ? ExportLayout.ALL_TENANTS : tenant).append('\n')
                .append("from ").append(from).append('\n')
                .append("to ").append(to).append('\n')
                .append("size ").append(size).append('\n');
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
            manifest.append("file ").append(HexFormat.of().formatHex(Merkle.sha256(f.getValue())))
                    .append(' ').append(f.getKey()).append('\n');
        }
        Files.writeString(dir.resolve(ExportLayout.MANIFEST), signer.sign(manifest.toString()));
        return new ExportSummary(dir, rows.size(), decisions, size);
    }

    private byte[] proofText(long index, long size, String checkpointNote) throws SQLException {
        StringBuilder sb = new StringBuilder(ExportLayout.PROOF_FORMAT).append('\n')
                .append("index ").append(index).append('\n');
        for (byte[] h : log.inclusionProof(index, size)) {
            sb.append(Base64.getEncoder().encodeToString(h)).append('\n');
        }
        return sb.append('\n').append(checkpointNote).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean hasChildren(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }
}
