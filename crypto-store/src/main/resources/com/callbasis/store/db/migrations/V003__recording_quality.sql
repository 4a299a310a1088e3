-- Completeness of a recording as the recorder counted it (packets expected, received, lost, late,
-- written per leg, as JSON) and whether its loss is over the configured threshold.
ALTER TABLE recordings ADD COLUMN quality_json TEXT;
ALTER TABLE recordings ADD COLUMN quality_flagged INTEGER NOT NULL DEFAULT 0;
