-- The gate index's durable checkpoint: one row per Restricted meter (with a gas meter's GPF), kept by the
-- gate-index-checkpoint processor in the same transaction as its token in TokenEntry. A node starts its
-- index from these rows and that token, then tails the store from there (ADR 0047).
CREATE TABLE gate_index_checkpoint (
    meter_id    BIGINT      NOT NULL PRIMARY KEY,
    device_type VARCHAR(4)  NOT NULL,
    version     BIGINT      NOT NULL,
    gpf_id      BIGINT
);
