-- Creates the role and the database Gatehouse uses on PostgreSQL 13+ (tested on Debian's PostgreSQL 15).
-- Run as a superuser, e.g. on the database host:
--   runuser -u postgres -- psql -v ON_ERROR_STOP=1 -v password='a-long-random-secret' -f create-database.sql
-- (or create-database.sh, which does the same). Gatehouse creates and upgrades its own tables on start-up
-- (table schema_version), so nothing else is needed; the role needs no rights beyond owning its database.
-- The variable password is required; optional psql variables: -v role=gatehouse -v database=gatehouse (the defaults).
\if :{?role}
\else
  \set role gatehouse
\endif
\if :{?database}
\else
  \set database gatehouse
\endif

CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role" ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"database" TO :"role";
