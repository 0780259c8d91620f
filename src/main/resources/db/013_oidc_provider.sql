-- Gatehouse schema, version 13: OIDC providers whose ID tokens the API accepts (oauth_entity type = oidc_provider,
-- ServiceNow's "Configure an OIDC provider to verify ID tokens"). Portable SQL (Derby 10.16, PostgreSQL 13+).
-- The provider's client_id (the aud its ID tokens carry) is kept in provider_client_id, as for outbound providers;
-- its scopes in auth_scopes.
ALTER TABLE oauth_entity ADD COLUMN oidc_metadata_url VARCHAR(2000);
ALTER TABLE oauth_entity ADD COLUMN user_claim VARCHAR(100);
ALTER TABLE oauth_entity ADD COLUMN user_field VARCHAR(40);
ALTER TABLE oauth_entity ADD COLUMN enable_jti_verification BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE oauth_entity ADD COLUMN clock_skew INTEGER DEFAULT 60 NOT NULL;
