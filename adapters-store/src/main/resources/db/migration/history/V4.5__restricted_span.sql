-- Issue 19: when each meter was Restricted, on both timelines, so that "which meters were Restricted at effective
-- time T, as known at recorded time T-prime" is a range query across meters. One row per span of
-- RestrictedTimeline: known from/to and valid (effective) from/to, in microseconds since the epoch, half-open, the
-- open end held as the largest BIGINT. Built by the "restricted-spans" processor from each touched meter's stream,
-- in the same transaction as its token, and rebuilt by replay. Portable between PostgreSQL and H2.
CREATE TABLE restricted_span (
    device_id       VARCHAR(23)  NOT NULL,
    known_from      BIGINT       NOT NULL,
    known_to        BIGINT       NOT NULL,
    valid_from      BIGINT       NOT NULL,
    valid_to        BIGINT       NOT NULL,
    device_type     VARCHAR(8)   NOT NULL,
    csp_region      VARCHAR(16)  NOT NULL,
    supplier_party  VARCHAR(64)  NOT NULL,
    supplier_role   VARCHAR(8)   NOT NULL,
    PRIMARY KEY (device_id, known_from, valid_from)
);

-- a question as known now, about now, is two equalities on this index, answered in device order
CREATE INDEX restricted_span_open ON restricted_span (known_to, valid_to, device_id);
