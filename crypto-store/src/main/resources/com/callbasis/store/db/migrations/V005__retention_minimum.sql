-- The floor of a recording's retention (the decision's retention.minimumUntil): before it, neither an
-- erasure nor a deletion may remove the recording, whatever extends or shortens around it. NULL: the
-- retention class declares no minimum (and every recording stored before this migration).
ALTER TABLE recordings ADD COLUMN retention_minimum_until BIGINT;
