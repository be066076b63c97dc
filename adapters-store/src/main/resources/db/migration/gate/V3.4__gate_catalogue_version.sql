-- Issue 18: a catalogue version names one file on every node. Each version is claimed once, with its SHA-256, in the
-- transaction of its first adoption, so two adoptions of one version with different files made at once on two nodes
-- cannot both be recorded. recorded_seq orders the adoptions as recorded: unique, so two made at once never tie.
CREATE TABLE gate_catalogue_version (
    version VARCHAR(64) NOT NULL PRIMARY KEY,
    sha256  VARCHAR(64) NOT NULL
);
INSERT INTO gate_catalogue_version (version, sha256)
    SELECT version, MIN(sha256) FROM gate_catalogue_adoption GROUP BY version;
CREATE UNIQUE INDEX gate_catalogue_adoption_seq ON gate_catalogue_adoption (recorded_seq);
