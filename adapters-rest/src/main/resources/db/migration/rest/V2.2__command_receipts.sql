-- What a device command sent under an Idempotency-Key came to (adapters-rest), written in the command's own
-- transaction: a retry after a crash reads here whether the command happened. The key is used once.
CREATE TABLE idempotency_command (
    party_id        VARCHAR(64)   NOT NULL,
    idempotency_key VARCHAR(255)  NOT NULL,
    device_id       VARCHAR(23)   NOT NULL,
    version_before  BIGINT        NOT NULL,
    version_after   BIGINT        NOT NULL,
    refusal         VARCHAR(64),
    detail          VARCHAR(4000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (party_id, idempotency_key)
);
CREATE INDEX idempotency_command_created_at ON idempotency_command (created_at);
