-- Issue 15: an Idempotency-Key is scoped by party, role and endpoint (method and path), so that one
-- party acting in another role, or at another endpoint, is never answered with a stored response that
-- was not its own. The scope joins the primary key; the tables are made again because the two databases
-- name a primary key differently. Keys remembered before this version are forgotten (they live 24 h):
-- upgrade when no client is retrying.
DROP TABLE idempotency_record;
CREATE TABLE idempotency_record (
    party_id        VARCHAR(64)  NOT NULL,
    scope           VARCHAR(600) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    VARCHAR(64)  NOT NULL,
    status          INTEGER,
    content_type    VARCHAR(255),
    etag            VARCHAR(64),
    location        VARCHAR(512),
    body            BYTEA,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (party_id, scope, idempotency_key)
);
CREATE INDEX idempotency_record_created_at ON idempotency_record (created_at);

DROP TABLE idempotency_command;
CREATE TABLE idempotency_command (
    party_id        VARCHAR(64)   NOT NULL,
    scope           VARCHAR(600)  NOT NULL,
    idempotency_key VARCHAR(255)  NOT NULL,
    device_id       VARCHAR(23)   NOT NULL,
    version_before  BIGINT        NOT NULL,
    version_after   BIGINT        NOT NULL,
    refusal         VARCHAR(64),
    detail          VARCHAR(4000),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (party_id, scope, idempotency_key)
);
CREATE INDEX idempotency_command_created_at ON idempotency_command (created_at);
