-- Gatehouse schema, version 8: temporary, growing account lockouts and throttling by address (issue 14).
-- A user name's row in login_throttle counts its lockouts so far (each one lasts twice as long as the one before);
-- blocked_until is when the current one ends. An address's row counts failures in the window that began at window_start.
ALTER TABLE login_throttle ADD COLUMN lockouts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE login_throttle ADD COLUMN window_start BIGINT DEFAULT 0 NOT NULL;
