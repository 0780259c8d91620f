-- Gatehouse schema, version 12: browser apps (CONTRACT "Browser apps (CORS)"). Portable SQL (Derby 10.16, PostgreSQL 13+).

-- Origins an application's browser code may call the OAuth endpoints from, besides its redirect URLs' origins; one per line.
ALTER TABLE oauth_entity ADD COLUMN allowed_origins VARCHAR(4000);

-- ServiceNow's CORS rules for the Table and Attachment APIs. Lists (methods, headers) are stored one item per line.
CREATE TABLE sys_cors_rule (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  rest_api VARCHAR(40) NOT NULL,
  domain VARCHAR(300) NOT NULL,
  http_method VARCHAR(200) NOT NULL,
  allowed_headers VARCHAR(2000),
  exposed_headers VARCHAR(2000),
  max_age INTEGER NOT NULL,
  active BOOLEAN NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_updated_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE INDEX sys_cors_rule_api ON sys_cors_rule (rest_api);
