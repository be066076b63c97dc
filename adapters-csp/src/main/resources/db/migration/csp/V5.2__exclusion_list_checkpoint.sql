-- Issue 14: each published exclusion list cites the history checkpoint issued when it was published.
ALTER TABLE csp_exclusion_list ADD COLUMN checkpoint_size BIGINT;
ALTER TABLE csp_exclusion_list ADD COLUMN checkpoint_note VARCHAR(4000);
