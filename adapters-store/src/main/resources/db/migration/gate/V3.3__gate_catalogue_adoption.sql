-- Issue 18: the SRV catalogues the DCC adopted for the gate, shared by every node. Each row is written in the
-- transaction that records its CatalogueAdopted event in the history. Every node reads the whole table now and then
-- (it holds one row an adoption) and uses each catalogue from its effective time.
CREATE TABLE gate_catalogue_adoption (
    adoption_id       VARCHAR(64)      NOT NULL PRIMARY KEY,
    version           VARCHAR(64)      NOT NULL,
    sha256            VARCHAR(64)      NOT NULL,
    effective_from    VARCHAR(40)      NOT NULL,
    adopted_by        VARCHAR(200)     NOT NULL,
    recorded_at       VARCHAR(40)      NOT NULL,
    recorded_seq      BIGINT           NOT NULL,
    catalogue_csv     VARCHAR(1000000) NOT NULL
);
