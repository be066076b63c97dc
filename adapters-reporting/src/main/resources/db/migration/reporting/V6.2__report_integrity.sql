-- Issue 13: every stored form is served only while its file has the SHA-256 kept here, and every reproduction
-- of a published report is kept with what it found different. Portable between PostgreSQL and H2.
-- form_sha256: one "form sha256" pair per line (json, csv, svg, explanation); null for revisions stored before.
ALTER TABLE report_revision ADD COLUMN form_sha256 VARCHAR(1000);
ALTER TABLE report_revision ADD COLUMN catalogue_version VARCHAR(32);

CREATE TABLE report_reproduction (
    report_month  CHAR(7)        NOT NULL,
    run_id        BIGINT         NOT NULL,
    reproduced_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reproduced_by VARCHAR(96)    NOT NULL,
    identical     BOOLEAN        NOT NULL,
    differences   VARCHAR(16000) NOT NULL
);

CREATE INDEX report_reproduction_month ON report_reproduction (report_month, reproduced_at);
