-- Issue 18: reconciliation runs with registration, shared by every node. The run itself (inputs with their SHA-256,
-- counts, the SHA-256 of each stored form) is kept as JSON, its forms are files beside the monthly reports. A run ID
-- is used once. heartbeat_ms is the last time its node reported (epoch milliseconds): a RUNNING run whose node went
-- quiet is failed by the next node that looks.
CREATE TABLE reconciliation_run (
    reconciliation_id VARCHAR(64)      NOT NULL PRIMARY KEY,
    requested_ms      BIGINT           NOT NULL,
    node              VARCHAR(128)     NOT NULL,
    heartbeat_ms      BIGINT           NOT NULL,
    state             VARCHAR(8)       NOT NULL,
    run_json          VARCHAR(1000000) NOT NULL
);
CREATE INDEX reconciliation_run_requested ON reconciliation_run (requested_ms);
