-- Issue 18: a revision names every SRV catalogue version in force during its month ("1", or "1, 2 from <instant>"),
-- so the column grows beyond one version's 32 characters.
ALTER TABLE report_revision ALTER COLUMN catalogue_version SET DATA TYPE VARCHAR(2000);
