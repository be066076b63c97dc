-- Issue 14: each entry keeps the digest of its event as stored (SHA-256 of its type and canonical JSON), inside the
-- content the chains and the tree cover, so an edit of any field of a stored event, those the other columns leave
-- out included, contradicts the signed checkpoints. Null for entries written before, until a rebuild.
ALTER TABLE history_entry ADD COLUMN event_sha256 VARCHAR(64);
