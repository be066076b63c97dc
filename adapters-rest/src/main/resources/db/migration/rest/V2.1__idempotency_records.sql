-- Remembered responses to requests that carried an Idempotency-Key (adapters-rest).
CREATE TABLE idempotency_record (
    party_id        VARCHAR(64)  NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    status          INTEGER,
    content_type    VARCHAR(255),
    etag            VARCHAR(64),
    location        VARCHAR(512),
    body            BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (party_id, idempotency_key)
);
CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at);
