-- Gatehouse schema, version 6: outbound OAuth (CONTRACT "Outbound OAuth"). Portable SQL (Derby 10.16, PostgreSQL 13+).
-- Secrets and tokens are sealed under the master key (gatehouse.keys); never stored in clear.

-- An OAuth provider is an oauth_entity row with type = 'oauth_provider'. Its client_id at the third party is
-- provider_client_id; its client_id column holds 'oauth_provider:' + sys_id, which no inbound client can have
-- (':' is not allowed there), so a provider can never authenticate as an inbound client.
ALTER TABLE oauth_entity ADD COLUMN provider_client_id VARCHAR(200);
ALTER TABLE oauth_entity ADD COLUMN default_grant_type VARCHAR(100);
ALTER TABLE oauth_entity ADD COLUMN auth_url VARCHAR(2000);
ALTER TABLE oauth_entity ADD COLUMN token_url VARCHAR(2000);
ALTER TABLE oauth_entity ADD COLUMN token_revocation_url VARCHAR(2000);
ALTER TABLE oauth_entity ADD COLUMN redirect_url VARCHAR(2000);
ALTER TABLE oauth_entity ADD COLUMN send_credentials VARCHAR(20);
ALTER TABLE oauth_entity ADD COLUMN code_challenge_method VARCHAR(10);
ALTER TABLE oauth_entity ADD COLUMN client_secret_enc VARCHAR(2000);
ALTER TABLE oauth_entity ADD COLUMN jwt_key_enc VARCHAR(8000);
ALTER TABLE oauth_entity ADD COLUMN jwt_public_jwk VARCHAR(4000);

CREATE TABLE oauth_entity_profile (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  oauth_entity VARCHAR(32) NOT NULL,
  grant_type VARCHAR(100) NOT NULL,
  scopes VARCHAR(2000),
  is_default BOOLEAN NOT NULL,
  jwt_subject VARCHAR(200),
  jwt_audience VARCHAR(2000),
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE INDEX oauth_entity_profile_entity ON oauth_entity_profile (oauth_entity);

-- One row per profile and holder (holder = a user's sys_id for the authorization code grant, else 'instance').
CREATE TABLE oauth_credential (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  profile VARCHAR(32) NOT NULL,
  oauth_entity VARCHAR(32) NOT NULL,
  holder VARCHAR(32) NOT NULL,
  user_sys_id VARCHAR(32),
  token_type VARCHAR(40),
  access_token_enc VARCHAR(16000),
  refresh_token_enc VARCHAR(8000),
  scope VARCHAR(2000),
  expires_at BIGINT,
  refresh_expires_at BIGINT,
  needs_person BOOLEAN NOT NULL,
  last_error VARCHAR(1000),
  last_refreshed_at BIGINT,
  refresh_count INTEGER NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL
);
CREATE UNIQUE INDEX oauth_credential_holder ON oauth_credential (profile, holder);

-- Authorization code requests in flight: state bound to the admin's login session, single use.
CREATE TABLE oauth_outbound_state (
  state_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  session_hash VARCHAR(64) NOT NULL,
  profile VARCHAR(32) NOT NULL,
  user_sys_id VARCHAR(32) NOT NULL,
  code_verifier_enc VARCHAR(1000),
  redirect_uri VARCHAR(2000) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX oauth_outbound_state_expires ON oauth_outbound_state (expires_at);

CREATE TABLE sys_rest_message (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description VARCHAR(1000),
  endpoint VARCHAR(2000),
  authentication_type VARCHAR(40) NOT NULL,
  oauth_profile VARCHAR(32),
  basic_user VARCHAR(200),
  basic_password_enc VARCHAR(2000),
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX sys_rest_message_name ON sys_rest_message (name);

CREATE TABLE sys_rest_message_fn (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  rest_message VARCHAR(32) NOT NULL,
  name VARCHAR(200) NOT NULL,
  http_method VARCHAR(10) NOT NULL,
  endpoint VARCHAR(2000),
  headers VARCHAR(8000),
  query_parameters VARCHAR(8000),
  content VARCHAR(32000),
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX sys_rest_message_fn_name ON sys_rest_message_fn (rest_message, name);

CREATE TABLE sys_outbound_http_log (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  logged_at BIGINT NOT NULL,
  kind VARCHAR(20) NOT NULL,
  rest_message VARCHAR(200),
  http_method_name VARCHAR(200),
  oauth_profile VARCHAR(32),
  request_method VARCHAR(10),
  url VARCHAR(4000),
  status_code INTEGER,
  elapsed_ms BIGINT,
  token_action VARCHAR(20),
  remote_error VARCHAR(1000),
  actor VARCHAR(100)
);
CREATE INDEX sys_outbound_http_log_at ON sys_outbound_http_log (logged_at);
