-- Gatehouse schema, version 23: token exchange (RFC 8693) of the ID tokens of external OpenID Providers. Portable SQL
-- (Derby 10.16, PostgreSQL 13+).

-- The OIDC providers (sys_ids of oauth_entity rows of type oidc_provider, one per line) whose ID tokens the application
-- may present as subject_token (subject_token_type urn:ietf:params:oauth:token-type:id_token); null: none.
ALTER TABLE oauth_entity ADD COLUMN token_exchange_oidc_providers VARCHAR(4000);
