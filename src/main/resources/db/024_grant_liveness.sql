-- Gatehouse schema, version 24: every use of a token (introspection, the API, token exchange) reads its grant's
-- revoked_at and parent_grant_id; this index holds both, so that the check reads the index alone and not also the
-- grant's row (IssuedTokens.grantState; on embedded Derby a 32 KB page of the table for each grant looked at).
-- Portable SQL (Derby 10.16, PostgreSQL 13+).
CREATE INDEX oauth_grant_live ON oauth_grant (id, revoked_at, parent_grant_id);
