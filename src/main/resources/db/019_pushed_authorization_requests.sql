-- Gatehouse schema, version 19: pushed authorization requests (RFC 9126), and codes bound to a DPoP key (RFC 9449 §10).
-- The application may start authorization requests only through /oauth_par.do (RFC 9126 §6 client metadata).
ALTER TABLE oauth_entity ADD COLUMN require_pushed_authorization_requests BOOLEAN DEFAULT FALSE NOT NULL;
-- One row per pushed request. id_hash: SHA-256 of the random part of its request_uri (the request_uri itself is kept
-- nowhere); parameters: the validated authorization request, form-urlencoded. used: taken at /oauth_auth.do (at most
-- once). browser_hash: SHA-256 of the GH_PAR cookie of the browser that took it to log in, which alone may come back
-- with it until expires_at; login_after: when it was sent to log in (OpenID Connect prompt=login, max_age).
CREATE TABLE par_request (
  id_hash VARCHAR(64) NOT NULL PRIMARY KEY,
  client_id VARCHAR(200) NOT NULL,
  parameters VARCHAR(20000) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used BOOLEAN DEFAULT FALSE NOT NULL,
  browser_hash VARCHAR(64),
  login_after BIGINT
);
CREATE INDEX par_request_expires ON par_request (expires_at);
-- RFC 9449 §10: the thumbprint of the DPoP key the code's redemption must prove (dpop_jkt, or the PAR request's proof).
ALTER TABLE oauth_code ADD COLUMN dpop_jkt VARCHAR(64);
ALTER TABLE pending_authorization ADD COLUMN dpop_jkt VARCHAR(64);
