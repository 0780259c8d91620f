-- Gatehouse schema, version 2: authorization endpoint (login, consent).
-- A pending request remembers whether redirect_uri was sent, because the code is bound to that (RFC 6749 §4.1.3).
ALTER TABLE pending_authorization ADD COLUMN redirect_uri_sent BOOLEAN DEFAULT FALSE NOT NULL;
CREATE INDEX pending_authorization_session ON pending_authorization (session_hash);
CREATE INDEX oauth_consent_client ON oauth_consent (client_id);
