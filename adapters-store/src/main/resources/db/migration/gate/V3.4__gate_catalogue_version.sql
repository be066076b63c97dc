-- Issue 18: a catalogue version names one file on every node. Each version is claimed once, with its SHA-256, in the
-- transaction of its first adoption, so two adoptions of one version with different files made at once on two nodes
-- cannot both be recorded. recorded_seq orders the adoptions as recorded: unique, so two made at once never tie.
CREATE TABLE gate_catalogue_version (
    version VARCHAR(64) NOT NULL PRIMARY KEY,
    sha256  VARCHAR(64) NOT NULL
);
-- An adoption race before this migration could have left one version recorded as two files: then this insert fails
-- on the version's key and the node does not start, rather than choose one file silently. Resolve it by hand.
INSERT INTO gate_catalogue_version (version, sha256)
    SELECT DISTINCT version, sha256 FROM gate_catalogue_adoption;
-- Ties in recorded_seq (the same race) are renumbered first, keeping the order the schedule read them in.
UPDATE gate_catalogue_adoption SET recorded_seq = (
    SELECT ranked.position FROM (
        SELECT adoption_id, ROW_NUMBER() OVER (ORDER BY recorded_seq, adoption_id) AS position
        FROM gate_catalogue_adoption) ranked
    WHERE ranked.adoption_id = gate_catalogue_adoption.adoption_id);
CREATE UNIQUE INDEX gate_catalogue_adoption_seq ON gate_catalogue_adoption (recorded_seq);
