-- Gatehouse schema, version 18: dynamic client registration (RFC 7591, RFC 7592). Portable SQL (Derby 10.16, PostgreSQL 13+).

-- Applications made through /oauth_register.do: marked, with the SHA-256 of their registration access token (RFC 7592)
-- and the RFC 7591 metadata the registry has no column for (client_uri, policy_uri, tos_uri, contacts,
-- token_endpoint_auth_method, software_id, software_version) as a JSON object.
ALTER TABLE oauth_entity ADD COLUMN registered_dynamically BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE oauth_entity ADD COLUMN registration_token_hash VARCHAR(64);
ALTER TABLE oauth_entity ADD COLUMN registration_metadata VARCHAR(8000);

-- Initial access tokens (RFC 7591 §3) an admin makes in the console; only their SHA-256 is kept.
CREATE TABLE oauth_initial_access_token (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  token_hash VARCHAR(64) NOT NULL,
  expires_at BIGINT NOT NULL,
  max_uses INTEGER NOT NULL,
  uses INTEGER NOT NULL,
  revoked BOOLEAN NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX oauth_initial_access_token_hash ON oauth_initial_access_token (token_hash);
