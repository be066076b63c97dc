-- Monthly reports (issue 7, MP169 BR6): one row per stored revision of a month; revision 1 is the published one.
-- The report's forms (JSON, CSV, SVG) and its explanation CSV are files under restricted.reporting.dir, named by
-- month and revision, and written before this row; report_sha256 is the SHA-256 of the JSON. Never updated.
CREATE TABLE report_revision (
    report_month    CHAR(7)       NOT NULL,
    revision        INT           NOT NULL,
    event_position  BIGINT        NOT NULL,
    outcome_logs    VARCHAR(8000) NOT NULL,
    report_sha256   VARCHAR(64)   NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by      VARCHAR(96)   NOT NULL,
    PRIMARY KEY (report_month, revision)
);
