-- The CSP push's lease on its cursor: of several nodes, the one holding an unexpired lease publishes. The lease is
-- taken and the cursor moved in short statements of their own, so no row lock or transaction stays open while the
-- broker confirms a batch. lease_until is the database's clock, the one clock every node shares.
ALTER TABLE csp_push_cursor ADD COLUMN lease_owner VARCHAR(200);
ALTER TABLE csp_push_cursor ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
