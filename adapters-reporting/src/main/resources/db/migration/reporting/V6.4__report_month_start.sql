-- Issue 17: month-start checkpoints of the device states, one per month; the states are a file in the reports folder
-- (month-starts/<month>.states), its SHA-256 kept here, so a file changed after it was kept is refused.
CREATE TABLE report_month_start (
    report_month VARCHAR(7)  NOT NULL PRIMARY KEY,
    position   BIGINT       NOT NULL,
    meters     BIGINT       NOT NULL,
    sha256     VARCHAR(64)  NOT NULL,
    created_at VARCHAR(40)  NOT NULL
);
