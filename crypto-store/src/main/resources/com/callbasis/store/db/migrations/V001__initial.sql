-- Initial schema. Portable SQL for SQLite and PostgreSQL; {{BLOB}} is BLOB or BYTEA.
-- Instants are epoch milliseconds (BIGINT); booleans are INTEGER 0/1.
-- No column holds a phone number, name or SIP URI: subjects are pseudonymous keys.

CREATE TABLE decisions (
  decision_id    TEXT PRIMARY KEY,
  tenant         TEXT NOT NULL,
  decided_at     BIGINT NOT NULL,
  canonical_json TEXT NOT NULL,
  sha256         TEXT NOT NULL
);

CREATE TABLE recordings (
  id                   TEXT PRIMARY KEY,
  tenant               TEXT NOT NULL,
  decision_id          TEXT NOT NULL,
  basis                TEXT NOT NULL,
  purpose              TEXT,
  policy_digest        TEXT NOT NULL,
  decision_json        TEXT NOT NULL,
  retention_class      TEXT,
  retention_period     TEXT,
  retention_expires_at BIGINT NOT NULL,
  legal_hold           INTEGER NOT NULL DEFAULT 0,
  legal_hold_reason    TEXT,
  state                TEXT NOT NULL,
  object_key           TEXT NOT NULL,
  kek_name             TEXT NOT NULL,
  created_at           BIGINT NOT NULL,
  finished_at          BIGINT,
  plaintext_bytes      BIGINT NOT NULL DEFAULT 0,
  segment_count        BIGINT NOT NULL DEFAULT 0,
  chunk_count          INTEGER NOT NULL DEFAULT 0,
  complete             INTEGER NOT NULL DEFAULT 0,
  gap_note             TEXT
);
CREATE INDEX recordings_tenant ON recordings (tenant, created_at);
CREATE INDEX recordings_expiry ON recordings (retention_expires_at);

CREATE TABLE recording_subjects (
  recording_id TEXT NOT NULL,
  subject_key  TEXT NOT NULL,
  PRIMARY KEY (recording_id, subject_key)
);
CREATE INDEX recording_subjects_subject ON recording_subjects (subject_key);

CREATE TABLE recording_chunks (
  recording_id  TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  plaintext_end BIGINT NOT NULL,
  sealed_at     BIGINT NOT NULL,
  PRIMARY KEY (recording_id, seq)
);

CREATE TABLE wrapped_keys (
  recording_id TEXT PRIMARY KEY,
  kek_name     TEXT NOT NULL,
  kek_version  INTEGER NOT NULL,
  wrapped      {{BLOB}} NOT NULL,
  updated_at   BIGINT NOT NULL
);
CREATE INDEX wrapped_keys_kek ON wrapped_keys (kek_name);

CREATE TABLE consents (
  id             TEXT PRIMARY KEY,
  tenant         TEXT NOT NULL,
  subject_key    TEXT NOT NULL,
  purpose        TEXT NOT NULL,
  method         TEXT NOT NULL,
  notice_version TEXT NOT NULL,
  given_at       BIGINT NOT NULL,
  withdrawn_at   BIGINT
);
CREATE INDEX consents_subject ON consents (tenant, subject_key, purpose);

CREATE TABLE objections (
  id          TEXT PRIMARY KEY,
  tenant      TEXT NOT NULL,
  subject_key TEXT NOT NULL,
  objected_at BIGINT NOT NULL,
  channel     TEXT NOT NULL
);
CREATE INDEX objections_subject ON objections (tenant, subject_key);

CREATE TABLE tombstones (
  recording_id         TEXT PRIMARY KEY,
  tenant               TEXT NOT NULL,
  basis                TEXT NOT NULL,
  reason               TEXT NOT NULL,
  retention_expires_at BIGINT NOT NULL,
  deleted_at           BIGINT NOT NULL,
  audit_index          BIGINT
);

CREATE TABLE audit_leaves (
  leaf_index BIGINT PRIMARY KEY,
  tenant     TEXT NOT NULL,
  event_type TEXT NOT NULL,
  event_time BIGINT NOT NULL,
  leaf_data  {{BLOB}} NOT NULL,
  leaf_hash  {{BLOB}} NOT NULL
);
CREATE INDEX audit_leaves_time ON audit_leaves (tenant, event_time);

CREATE TABLE audit_checkpoints (
  tree_size  BIGINT PRIMARY KEY,
  root_hash  {{BLOB}} NOT NULL,
  note       TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- Salts of the commitments in audit leaves. Deleting a subject's salts on erasure leaves the
-- commitments in the (immutable) log unlinkable to that subject.
CREATE TABLE audit_salts (
  leaf_index  BIGINT NOT NULL,
  field       TEXT NOT NULL,
  subject_key TEXT NOT NULL,
  salt        {{BLOB}} NOT NULL,
  PRIMARY KEY (leaf_index, field)
);
CREATE INDEX audit_salts_subject ON audit_salts (subject_key);
