-- Issue 15: one ID names one device. A meter's own ID and a gas meter's GPF are claimed here in the
-- enrolment's transaction, so that no enrolment can make a meter another gas meter's GPF, nor give two gas
-- meters one GPF (clearing one would then reopen the other's reads at the gate). Filled from the store's
-- enrolments at the first start after this migration.
CREATE TABLE device_identity (
    identity_id  VARCHAR(23) PRIMARY KEY,
    kind         VARCHAR(8)  NOT NULL,
    meter_id     VARCHAR(23) NOT NULL
);
CREATE TABLE device_identity_state (
    name   VARCHAR(32) PRIMARY KEY,
    detail VARCHAR(64) NOT NULL
);
