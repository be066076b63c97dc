-- The regulator's history (issue 5): one row per event about a device, and per refused request, in the store's
-- global order, hash-chained per device and globally. Built by the "history" processor; rebuilt by replay.
-- Portable between PostgreSQL and H2.
CREATE TABLE history_entry (
    global_index         BIGINT        PRIMARY KEY,
    device_id            VARCHAR(23),
    device_version       BIGINT,
    device_type          VARCHAR(8),
    csp_region           VARCHAR(16),
    event_id             VARCHAR(255)  NOT NULL,
    event_type           VARCHAR(64)   NOT NULL,
    party                VARCHAR(64)   NOT NULL,
    role                 VARCHAR(16)   NOT NULL,
    acting_user          VARCHAR(255),
    effective_at         TIMESTAMP WITH TIME ZONE,
    recorded_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    reason               VARCHAR(64),
    restricted_after     BOOLEAN,
    responsible_supplier VARCHAR(96),
    detail               VARCHAR(4000),
    device_hash          VARCHAR(64),
    global_hash          VARCHAR(64)   NOT NULL
);

CREATE INDEX history_entry_device ON history_entry (device_id, global_index);
CREATE INDEX history_entry_recorded ON history_entry (recorded_at);
