-- Gatehouse schema, version 3: indexes for token issuance, key lookup and housekeeping.
CREATE INDEX oauth_grant_created ON oauth_grant (created_at);
CREATE INDEX signing_key_state ON signing_key (state);
CREATE INDEX login_session_seen ON login_session (last_seen_at);
CREATE INDEX login_throttle_failure ON login_throttle (last_failure_at);
