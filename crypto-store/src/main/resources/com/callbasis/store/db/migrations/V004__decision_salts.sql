-- Salts of the subject commitments in stored decisions ("subject":"sc_..."). A decision names its
-- data subject only through SHA-256(salt || subject key); an erasure deletes the subject's salts, and
-- the decisions (kept for the auditor) stop pointing at anyone.
CREATE TABLE decision_salts (
  decision_id TEXT PRIMARY KEY,
  subject_key TEXT NOT NULL,
  salt        {{BLOB}} NOT NULL
);
CREATE INDEX decision_salts_subject ON decision_salts (subject_key);
