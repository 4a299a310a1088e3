-- The gateway instance writing a recording. Only that instance recovers it after a crash, so
-- gateways sharing one PostgreSQL store never mark each other's live recordings truncated.
ALTER TABLE recordings ADD COLUMN writer_instance TEXT;
