-- Table API parity with ServiceNow (issue 15): reference fields hold the referenced record's sys_id.
-- incident.caller_id and assigned_to held user names until now; turn those into the users' sys_ids.
UPDATE incident SET caller_id = (SELECT u.sys_id FROM sys_user u WHERE u.user_name = incident.caller_id)
  WHERE caller_id IN (SELECT user_name FROM sys_user);
UPDATE incident SET assigned_to = (SELECT u.sys_id FROM sys_user u WHERE u.user_name = incident.assigned_to)
  WHERE assigned_to IN (SELECT user_name FROM sys_user);
-- Who opened the incident (a reference to sys_user), as ServiceNow has it.
ALTER TABLE incident ADD COLUMN opened_by VARCHAR(32);
UPDATE incident SET opened_by = (SELECT u.sys_id FROM sys_user u WHERE u.user_name = incident.sys_created_by)
  WHERE sys_created_by IN (SELECT user_name FROM sys_user);
-- Journal entries (work notes, additional comments), ServiceNow's sys_journal_field.
CREATE TABLE sys_journal_field (
  sys_id VARCHAR(32) NOT NULL PRIMARY KEY,
  name VARCHAR(80) NOT NULL,
  element VARCHAR(40) NOT NULL,
  element_id VARCHAR(32) NOT NULL,
  journal_value VARCHAR(4000) NOT NULL,
  sys_created_on BIGINT NOT NULL,
  sys_created_by VARCHAR(100)
);
CREATE INDEX sys_journal_field_element ON sys_journal_field (element_id, sys_created_on);
