-- Gatehouse schema, version 1. Portable SQL: runs unchanged on Derby 10.16 and PostgreSQL 13+.
-- Times are epoch milliseconds (BIGINT).

CREATE TABLE sys_user (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  user_name VARCHAR(100) NOT NULL,
  password_hash VARCHAR(200),
  first_name VARCHAR(100),
  last_name VARCHAR(100),
  email VARCHAR(254),
  roles VARCHAR(1000),
  active BOOLEAN NOT NULL,
  locked_out BOOLEAN NOT NULL,
  failed_attempts INTEGER NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX sys_user_name ON sys_user (user_name);

CREATE TABLE oauth_entity (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  type VARCHAR(40) NOT NULL,
  name VARCHAR(200) NOT NULL,
  provider_name VARCHAR(200),
  client_id VARCHAR(200) NOT NULL,
  client_secret_hash VARCHAR(100),
  public_client BOOLEAN NOT NULL,
  redirect_urls VARCHAR(8000),
  grant_types VARCHAR(1000),
  auth_scopes VARCHAR(2000),
  default_scopes VARCHAR(2000),
  enforce_token_restriction BOOLEAN NOT NULL,
  api_access_policies VARCHAR(4000),
  token_format VARCHAR(20) NOT NULL,
  access_token_lifespan INTEGER NOT NULL,
  refresh_token_lifespan INTEGER NOT NULL,
  login_url VARCHAR(2000),
  logo_url VARCHAR(2000),
  signing_alg VARCHAR(20) NOT NULL,
  client_credentials_user VARCHAR(32),
  jwks VARCHAR(32000),
  jwks_url VARCHAR(2000),
  first_party BOOLEAN NOT NULL,
  active BOOLEAN NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX oauth_entity_client_id ON oauth_entity (client_id);

CREATE TABLE oauth_auth_scope (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  description VARCHAR(1000),
  apis VARCHAR(4000),
  sys_created_on BIGINT NOT NULL
);
CREATE UNIQUE INDEX oauth_auth_scope_name ON oauth_auth_scope (name);

CREATE TABLE login_session (
  id_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  user_sys_id VARCHAR(32) NOT NULL,
  csrf_secret VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  remote_address VARCHAR(64)
);
CREATE INDEX login_session_user ON login_session (user_sys_id);
CREATE INDEX login_session_expires ON login_session (expires_at);

CREATE TABLE pending_authorization (
  id VARCHAR(64) NOT NULL PRIMARY KEY,
  session_hash VARCHAR(64) NOT NULL,
  client_id VARCHAR(200) NOT NULL,
  redirect_uri VARCHAR(2000) NOT NULL,
  response_type VARCHAR(40) NOT NULL,
  scope VARCHAR(2000),
  state VARCHAR(2000),
  code_challenge VARCHAR(200),
  code_challenge_method VARCHAR(20),
  nonce VARCHAR(500),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX pending_authorization_expires ON pending_authorization (expires_at);

CREATE TABLE oauth_consent (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  user_sys_id VARCHAR(32) NOT NULL,
  client_id VARCHAR(200) NOT NULL,
  scopes VARCHAR(2000) NOT NULL,
  granted_at BIGINT NOT NULL
);
CREATE INDEX oauth_consent_user ON oauth_consent (user_sys_id, client_id);

CREATE TABLE oauth_code (
  code_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  client_id VARCHAR(200) NOT NULL,
  redirect_uri VARCHAR(2000) NOT NULL,
  redirect_uri_sent BOOLEAN NOT NULL,
  code_challenge VARCHAR(200),
  user_sys_id VARCHAR(32) NOT NULL,
  scopes VARCHAR(2000),
  nonce VARCHAR(500),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  grant_id VARCHAR(32)
);
CREATE INDEX oauth_code_expires ON oauth_code (expires_at);

CREATE TABLE oauth_grant (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  client_id VARCHAR(200) NOT NULL,
  user_sys_id VARCHAR(32),
  scopes VARCHAR(2000),
  grant_type VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX oauth_grant_client ON oauth_grant (client_id);
CREATE INDEX oauth_grant_user ON oauth_grant (user_sys_id);

CREATE TABLE oauth_token (
  token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  kind VARCHAR(10) NOT NULL,
  format VARCHAR(10),
  jti VARCHAR(64),
  grant_id VARCHAR(32) NOT NULL,
  client_id VARCHAR(200) NOT NULL,
  user_sys_id VARCHAR(32),
  scopes VARCHAR(2000),
  issued_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  rotated_at BIGINT
);
CREATE INDEX oauth_token_grant ON oauth_token (grant_id);
CREATE INDEX oauth_token_jti ON oauth_token (jti);
CREATE INDEX oauth_token_expires ON oauth_token (expires_at);

CREATE TABLE signing_key (
  kid VARCHAR(64) NOT NULL PRIMARY KEY,
  alg VARCHAR(10) NOT NULL,
  state VARCHAR(10) NOT NULL,
  public_key VARCHAR(4000) NOT NULL,
  private_key_enc VARCHAR(8000) NOT NULL,
  created_at BIGINT NOT NULL,
  rotated_at BIGINT,
  purge_at BIGINT
);

CREATE TABLE incident (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  number VARCHAR(20) NOT NULL,
  short_description VARCHAR(160),
  description VARCHAR(4000),
  state INTEGER NOT NULL,
  impact INTEGER NOT NULL,
  urgency INTEGER NOT NULL,
  priority INTEGER NOT NULL,
  category VARCHAR(40),
  caller_id VARCHAR(100),
  assigned_to VARCHAR(100),
  opened_at BIGINT NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE UNIQUE INDEX incident_number ON incident (number);

CREATE TABLE number_counter (
  name VARCHAR(40) NOT NULL PRIMARY KEY,
  next_value BIGINT NOT NULL
);
INSERT INTO number_counter (name, next_value) VALUES ('incident', 10001);

CREATE TABLE replay_record (
  id VARCHAR(128) NOT NULL PRIMARY KEY,
  expires_at BIGINT NOT NULL
);
CREATE INDEX replay_record_expires ON replay_record (expires_at);

CREATE TABLE login_throttle (
  throttle_key VARCHAR(200) NOT NULL PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at BIGINT NOT NULL,
  blocked_until BIGINT NOT NULL
);

CREATE TABLE audit_log (
  id VARCHAR(32) NOT NULL PRIMARY KEY,
  logged_at BIGINT NOT NULL,
  actor VARCHAR(100),
  action VARCHAR(100) NOT NULL,
  table_name VARCHAR(100),
  record_id VARCHAR(200),
  detail VARCHAR(4000),
  remote_address VARCHAR(64)
);
CREATE INDEX audit_log_at ON audit_log (logged_at);

CREATE TABLE job_lease (
  name VARCHAR(100) NOT NULL PRIMARY KEY,
  holder VARCHAR(100),
  lease_until BIGINT NOT NULL,
  last_run_at BIGINT NOT NULL
);

CREATE TABLE gh_property (
  name VARCHAR(100) NOT NULL PRIMARY KEY,
  prop_value VARCHAR(4000)
);

INSERT INTO oauth_auth_scope (sys_id, name, description, apis, sys_created_on)
  VALUES ('5c0e1a6f0d2b4c3a9e8f7a6b5c4d3e21', 'useraccount', 'Act as you: everything your account may do', NULL, 0);
INSERT INTO oauth_auth_scope (sys_id, name, description, apis, sys_created_on)
  VALUES ('5c0e1a6f0d2b4c3a9e8f7a6b5c4d3e22', 'incident_read', 'Read incidents', 'table/incident', 0);
INSERT INTO oauth_auth_scope (sys_id, name, description, apis, sys_created_on)
  VALUES ('5c0e1a6f0d2b4c3a9e8f7a6b5c4d3e23', 'incident_write', 'Create, change and delete incidents', 'table/incident', 0);
