-- Gatehouse schema, version 17: the device authorization grant (RFC 8628).
-- One row per device authorization request. Both codes are kept only as SHA-256 (device_hash: of the device_code;
-- user_hash: of the normalised user code, unique while the row lives). status: pending, approved, denied, redeemed.
CREATE TABLE oauth_device_code (
  device_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  user_hash VARCHAR(64) NOT NULL,
  client_id VARCHAR(200) NOT NULL,
  scopes VARCHAR(4000),
  status VARCHAR(20) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  poll_interval INTEGER NOT NULL,
  last_polled_at BIGINT,
  user_sys_id VARCHAR(32),
  auth_time BIGINT,
  sid VARCHAR(64),
  decided_at BIGINT
);
CREATE UNIQUE INDEX oauth_device_code_user ON oauth_device_code (user_hash);
CREATE INDEX oauth_device_code_expires ON oauth_device_code (expires_at);
