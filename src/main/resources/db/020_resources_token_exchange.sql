-- Gatehouse schema, version 20: resource indicators (RFC 8707) and token exchange (RFC 8693). Portable SQL (Derby 10.16, PostgreSQL 13+).

-- The resources (absolute URIs) an application may name in resource, one per line; none: it may name none.
ALTER TABLE oauth_entity ADD COLUMN resources VARCHAR(8000);
-- The resources an authorization or device request named, one per line, kept until its code is redeemed; null: none named.
ALTER TABLE pending_authorization ADD COLUMN resources VARCHAR(8000);
ALTER TABLE oauth_code ADD COLUMN resources VARCHAR(8000);
ALTER TABLE oauth_device_code ADD COLUMN resources VARCHAR(8000);
-- The resources the grant was given (RFC 8707 §2.2: its tokens may name only these); null: none, the default audience only.
ALTER TABLE oauth_grant ADD COLUMN resources VARCHAR(8000);
-- A token exchange's grant (RFC 8693): the grant of its subject token; its tokens live only while that grant does.
ALTER TABLE oauth_grant ADD COLUMN parent_grant_id VARCHAR(32);
-- An access token's audience, one per line (null: the issuer, as before); and for a delegated token (RFC 8693 §4.1) its act claim as JSON.
ALTER TABLE oauth_token ADD COLUMN audience VARCHAR(8000);
ALTER TABLE oauth_token ADD COLUMN act VARCHAR(8000);
