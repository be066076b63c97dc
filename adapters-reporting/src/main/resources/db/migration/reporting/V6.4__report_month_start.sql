-- Issue 17: month-start checkpoints of the device states, one per month, kept in the database so that every node's
-- report runs can use them: the states as gzipped chunks in report_month_start_chunk, then this row, with their
-- SHA-256 (over the stored bytes, in order), written in one transaction. A month start whose bytes no longer match
-- is refused.
CREATE TABLE report_month_start (
    report_month VARCHAR(7)  NOT NULL PRIMARY KEY,
    position     BIGINT      NOT NULL,
    meters       BIGINT      NOT NULL,
    chunks       INTEGER     NOT NULL,
    sha256       VARCHAR(64) NOT NULL,
    created_at   VARCHAR(40) NOT NULL
);

CREATE TABLE report_month_start_chunk (
    report_month VARCHAR(7) NOT NULL,
    seq          INTEGER    NOT NULL,
    bytes        BYTEA      NOT NULL,
    PRIMARY KEY (report_month, seq)
);
