-- Gatehouse schema, version 10: the Attachment API (CONTRACT "ServiceNow REST API parity"), as ServiceNow keeps
-- attachments: one sys_attachment row per file, its bytes in sys_attachment_doc chunks, in order. In the database,
-- so that every node serves every file. ${BINARY} is BLOB on Derby and BYTEA on PostgreSQL (Migrations).
CREATE TABLE sys_attachment (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  table_name VARCHAR(80) NOT NULL,
  table_sys_id VARCHAR(32) NOT NULL,
  file_name VARCHAR(100) NOT NULL,
  content_type VARCHAR(100) NOT NULL,
  size_bytes BIGINT NOT NULL,
  chunk_count INTEGER NOT NULL,
  hash VARCHAR(64) NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100),
  sys_updated_on BIGINT NOT NULL,
  sys_updated_by VARCHAR(100),
  sys_mod_count INTEGER NOT NULL
);
CREATE INDEX sys_attachment_record ON sys_attachment (table_name, table_sys_id);

CREATE TABLE sys_attachment_doc (
  sys_attachment VARCHAR(32) NOT NULL,
  chunk_index INTEGER NOT NULL,
  content ${BINARY} NOT NULL,
  PRIMARY KEY (sys_attachment, chunk_index)
);
