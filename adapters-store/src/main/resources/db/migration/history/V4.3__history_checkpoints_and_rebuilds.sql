-- Issue 14: from here on history_tree_node holds the levels above the leaves only (a leaf's hash is recomputed from
-- its entry when read). Signed checkpoints of the history's tree, the lock row that orders the history processor's writes
-- with a rebuild's swap, and the rebuilds themselves. Portable between PostgreSQL and H2.

-- One row. The history processor takes it (FOR UPDATE) before it writes a batch; a rebuild takes it before it
-- swaps its tables in, and moves the generation on, so the processor forgets what it cached of the old tables.
CREATE TABLE history_state (
    id         INTEGER PRIMARY KEY,
    generation BIGINT  NOT NULL
);
INSERT INTO history_state (id, generation) VALUES (1, 0);

-- Every checkpoint issued: the tree size and root it commits to, the signed note (C2SP signed-note around a
-- C2SP tlog-checkpoint), when and why, and when the CSPs were sent it. A copy of each note is also written to
-- the checkpoint archive folder, outside the database.
CREATE TABLE history_checkpoint (
    tree_size BIGINT                   PRIMARY KEY,
    root_hash VARCHAR(64)              NOT NULL,
    note      VARCHAR(4000)            NOT NULL,
    issued_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reason    VARCHAR(255)             NOT NULL,
    pushed_at TIMESTAMP WITH TIME ZONE
);

-- Rebuilds asked for: who, when, why, on which node, and how each ended. At most one runs at a time.
CREATE TABLE history_rebuild (
    rebuild_id   VARCHAR(64)              PRIMARY KEY,
    party        VARCHAR(64)              NOT NULL,
    acting_user  VARCHAR(255),
    reason       VARCHAR(1000)            NOT NULL,
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    node         VARCHAR(255)             NOT NULL,
    status       VARCHAR(16)              NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at  TIMESTAMP WITH TIME ZONE,
    detail       VARCHAR(4000)
);
