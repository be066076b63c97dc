-- Issue 14: each stored report revision cites the history checkpoint issued when it was stored.
ALTER TABLE report_revision ADD COLUMN checkpoint_size BIGINT;
ALTER TABLE report_revision ADD COLUMN checkpoint_note VARCHAR(4000);
