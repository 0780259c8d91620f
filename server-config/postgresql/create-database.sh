#!/usr/bin/env bash
# Creates the PostgreSQL role and database for Gatehouse on this host (run as root or as postgres).
#   GATEHOUSE_PG_PASSWORD=... ./create-database.sh [role] [database]
# Then point Gatehouse at it: Tomcat context.xml (server-config/tomcat), Payara (server-config/payara),
# or the settings gatehouse.db.url=jdbc:postgresql://HOST:5432/gatehouse, gatehouse.db.user, gatehouse.db.password.
set -euo pipefail
role="${1:-gatehouse}"
database="${2:-gatehouse}"
: "${GATEHOUSE_PG_PASSWORD:?set GATEHOUSE_PG_PASSWORD to the password of the new role}"
here="$(cd "$(dirname "$0")" && pwd)"
psql=(psql -X -v ON_ERROR_STOP=1 -v role="$role" -v database="$database" -v password="$GATEHOUSE_PG_PASSWORD" -d postgres)
[ -n "${PGPORT:-}" ] && psql+=(-p "$PGPORT")
[ -n "${PGHOST:-}" ] && psql+=(-h "$PGHOST")
if [ "$(id -u)" = "0" ]; then
  runuser -u postgres -- "${psql[@]}" < "$here/create-database.sql"
else
  "${psql[@]}" < "$here/create-database.sql"
fi
echo "created role $role and database $database"
