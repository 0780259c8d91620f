-- Gatehouse schema, version 11: OpenID Connect (Core 1.0, RP-Initiated Logout 1.0).
-- Where an application may send the browser after logout (exact match, one per line like redirect_urls).
ALTER TABLE oauth_entity ADD COLUMN post_logout_redirect_uris VARCHAR(8000);
-- A code and its grant remember when the person logged in (auth_time) and in which login session (sid),
-- so that the ID tokens of the code and of every refresh carry them (OIDC Core §2, §12.2).
ALTER TABLE oauth_code ADD COLUMN auth_time BIGINT;
ALTER TABLE oauth_code ADD COLUMN sid VARCHAR(64);
ALTER TABLE oauth_grant ADD COLUMN auth_time BIGINT;
ALTER TABLE oauth_grant ADD COLUMN sid VARCHAR(64);
-- The OpenID Connect scopes (OIDC Core §5.4), in the words the consent page shows.
INSERT INTO oauth_auth_scope (sys_id, name, description, apis, sys_created_on)
  VALUES ('5c0e1a6f0d2b4c3a9e8f7a6b5c4d3e31', 'openid', 'Log you in: learn your Gatehouse account identifier and when you logged in', NULL, 0);
INSERT INTO oauth_auth_scope (sys_id, name, description, apis, sys_created_on)
  VALUES ('5c0e1a6f0d2b4c3a9e8f7a6b5c4d3e32', 'profile', 'See your name, user name and when your profile last changed', NULL, 0);
INSERT INTO oauth_auth_scope (sys_id, name, description, apis, sys_created_on)
  VALUES ('5c0e1a6f0d2b4c3a9e8f7a6b5c4d3e33', 'email', 'See your email address', NULL, 0);
