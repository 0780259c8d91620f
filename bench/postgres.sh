# Sourced by the benchmarks (DB=postgres): a throw-away PostgreSQL cluster, made as the tests make one
# (src/test/java/gatehouse/testing/Postgres.java): Debian's binaries (/usr/lib/postgresql/N/bin, or GATEHOUSE_PG_BIN),
# initdb in a temporary folder, 127.0.0.1 on a free port, run as the postgres user when this shell is root, the
# role and database made by the shipped server-config/postgresql/create-database.sql.
#
# Unlike the tests' cluster it is durable by default (fsync, synchronous_commit and full_page_writes as PostgreSQL
# ships them): a token is acknowledged only once its row is on disk. PG_DURABLE=0 starts it as the tests do
# (fsync=off, synchronous_commit=off: what a token costs without the disk). PG_OPTS adds server options
# (e.g. PG_OPTS='-c shared_buffers=256MB'). After pg_start: PG_PORT, PG_URL, PG_USER, PG_PASSWORD, PG_BASE.
#
#   source bench/postgres.sh; pg_start; …; pg_stop        (pg_stop also runs from the caller's EXIT trap)

PG_DURABLE="${PG_DURABLE:-1}"
PG_OPTS="${PG_OPTS:-}"
PG_USER=gatehouse
PG_PASSWORD="bench-pg-password-1"

pg_bin() {
  if [ -n "${GATEHOUSE_PG_BIN:-}" ]; then echo "$GATEHOUSE_PG_BIN"; return; fi
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n | tail -1
}

pg_as() {   # runs a PostgreSQL command as the postgres user when root (PostgreSQL refuses to run as root)
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
    || echo $(( 20000 + RANDOM % 20000 ))
}

pg_start() {
  local bin; bin=$(pg_bin)
  [ -n "$bin" ] && [ -x "$bin/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  PG_BIN=$bin
  PG_BASE=$(mktemp -d /tmp/gatehouse-bench-pg-XXXXXX)
  PG_PORT=$(pg_free_port)
  echo "pg-bench-superuser-pw" > "$PG_BASE/pwfile"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$PG_BASE"
  pg_as "$bin/initdb" -D "$PG_BASE/data" -U postgres --pwfile="$PG_BASE/pwfile" --auth-local=trust \
      --auth-host=scram-sha-256 -E UTF8 --no-locale >/dev/null
  local opts="-p $PG_PORT -k $PG_BASE -c listen_addresses=127.0.0.1 -c max_connections=300 $PG_OPTS"
  [ "$PG_DURABLE" = 1 ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_as "$bin/pg_ctl" -D "$PG_BASE/data" -l "$PG_BASE/server.log" -w -t 60 -o "$opts" start >/dev/null
  pg_as "$bin/psql" -X -q -h "$PG_BASE" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -v role=$PG_USER -v database=gatehouse -v password="$PG_PASSWORD" < server-config/postgresql/create-database.sql
  PG_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/gatehouse"
}

pg_psql() {   # pg_psql 'SQL' : runs SQL as the superuser in the gatehouse database
  pg_as "$PG_BIN/psql" -X -q -At -h "$PG_BASE" -p "$PG_PORT" -U postgres -d gatehouse -c "$1"
}

pg_describe() {
  echo "PostgreSQL $(pg_psql 'show server_version'), fsync=$(pg_psql 'show fsync'), synchronous_commit=$(pg_psql 'show synchronous_commit'), shared_buffers=$(pg_psql 'show shared_buffers'), same machine; one 8 kB fdatasync on its disk now: $(pg_flush_time)"
}

pg_flush_time() {   # what one WAL flush costs on the cluster's disk at this moment (pg_test_fsync, 1 s); it varies with the host's I/O
  "$PG_BIN/pg_test_fsync" -s 1 -f "$PG_BASE/fsync.test" 2>/dev/null | awk '/^Compare file sync methods using one/{on=1} on && $1=="fdatasync"{print $(NF-1), $NF; exit}'
  rm -f "$PG_BASE/fsync.test"
}

pg_stop() {
  [ -n "${PG_BASE:-}" ] && [ -d "$PG_BASE" ] || return 0
  pg_as "$PG_BIN/pg_ctl" -D "$PG_BASE/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_BASE"
  PG_BASE=""
}

pg_cpu_ticks() {   # CPU ticks (user + system) of the postmaster and its children (backends, WAL writer, …) so far
  local pm; pm=$(head -1 "$PG_BASE/data/postmaster.pid")
  { cat /proc/$pm/stat; for c in $(cat /proc/$pm/task/*/children 2>/dev/null); do cat /proc/$c/stat 2>/dev/null; done; } \
    | awk '{ sub(/^.*\) /, ""); t += $12 + $13 } END { print t + 0 }'
}
