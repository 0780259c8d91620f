-- Gatehouse schema, version 14: the console home's counts (tokens issued, refusals, failed log-ins, lockouts) per hour,
-- cluster-wide. Each node counts in memory and adds its counts to its own rows every gatehouse.activity.flush.seconds
-- (gatehouse.metrics.Activity): one write per node, hour and kind per flush, never one per token. Housekeeping purges
-- hours older than a week.
CREATE TABLE gatehouse_activity (
  hour_start BIGINT NOT NULL,
  node VARCHAR(40) NOT NULL,
  kind VARCHAR(40) NOT NULL,
  events BIGINT NOT NULL,
  PRIMARY KEY (hour_start, node, kind)
);
