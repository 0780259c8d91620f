-- Gatehouse schema, version 22: housekeeping walks the grants by (created_at, id) in chunks (Housekeeping.purgeGrants),
-- so that old grants that still hold tokens are read once per run and not once per chunk; this index gives that order
-- without a sort, and its first column serves whatever oauth_grant_created served. Portable SQL (Derby 10.16, PostgreSQL 13+).
CREATE INDEX oauth_grant_created_id ON oauth_grant (created_at, id);
DROP INDEX oauth_grant_created;
