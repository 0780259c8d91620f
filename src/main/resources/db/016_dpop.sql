-- Gatehouse schema, version 16: DPoP (RFC 9449).
-- The application always sends DPoP proofs to the token endpoint (RFC 9449 §5.2 dpop_bound_access_tokens).
ALTER TABLE oauth_entity ADD COLUMN dpop_bound_access_tokens BOOLEAN DEFAULT FALSE NOT NULL;
-- The RFC 7638 thumbprint of the key a token is bound to (access tokens, and refresh tokens of public clients); null: bearer.
ALTER TABLE oauth_token ADD COLUMN dpop_jkt VARCHAR(64);
