-- Issue 14: the history as a Merkle tree (RFC 9162 §2.1). Each entry is a leaf, numbered densely in the
-- history's order (leaf_index; null for entries written before this migration, until a rebuild), and every
-- perfect subtree is kept as it completes: node_key = level << 58 | index, the root over the 2^level leaves
-- from index * 2^level on. Written by the "history" processor in the same transaction as the entries.
ALTER TABLE history_entry ADD COLUMN leaf_index BIGINT;
CREATE UNIQUE INDEX history_entry_leaf ON history_entry (leaf_index);
CREATE INDEX history_entry_event ON history_entry (event_id);

CREATE TABLE history_tree_node (
    node_key BIGINT      PRIMARY KEY,
    hash     VARCHAR(64) NOT NULL
);
