-- Issue 19: which meters each MPxN has been enrolled with, so that a console user can find a meter by its MPxN. Kept
-- by the restricted-spans processor beside the spans, from each touched meter's stream; rebuilt by replay.
CREATE TABLE meter_point (
    mpxn       VARCHAR(16)  NOT NULL,
    device_id  VARCHAR(23)  NOT NULL,
    PRIMARY KEY (mpxn, device_id)
);

CREATE INDEX meter_point_device ON meter_point (device_id);
