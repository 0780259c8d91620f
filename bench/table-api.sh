#!/usr/bin/env bash
# Table API benchmark: GET one incident by sys_id with a JWT and with an opaque access token,
# 16 concurrent keep-alive connections, 20 s each, measured with wrk after a warm-up of 30 s with each token (the
# JIT compiles the hot path).
#
#   bench/table-api.sh                 # builds, starts Gatehouse as the README does, measures, stops it
#   PORT=18555 DURATION=20s CONNECTIONS=16 bench/table-api.sh
#   DB=postgres bench/table-api.sh     # on a throw-away PostgreSQL cluster on this machine (bench/postgres.sh)
#
# Needs: JDK 17+, Maven, curl, jq, wrk (installed with apt-get when missing).
# Gatehouse runs from a fresh data folder (target/bench-table-api-data) with demo data; results go to stdout and
# target/bench-table-api-result.txt. This is not a test: run it by hand on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18555}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-30s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
KINDS="${KINDS:-JWT opaque}"
ADMIN_PW="bench-admin-password-1"
BASE="http://127.0.0.1:${PORT}"
DATA="target/bench-table-api-data"
LOG="target/bench-table-api-server.log"
RESULT="target/bench-table-api-result.txt"
DB="${DB:-derby}"

source bench/lib.sh
bench_tools

rm -rf "$DATA"
SERVER=""
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; [ "$DB" = postgres ] && pg_stop' EXIT
DB_PROPS=()
if [ "$DB" = postgres ]; then
  source bench/postgres.sh
  pg_start
  DB_PROPS=(-Dgatehouse.db.url="$PG_URL" -Dgatehouse.db.user="$PG_USER" -Dgatehouse.db.password="$PG_PASSWORD")
fi
# The README's run command, on another port and data folder, with a known admin password.
mvn -q package exec:java -DskipTests -Dhttp.port="$PORT" -Dgatehouse.data.dir="$DATA" \
    -Dgatehouse.admin.password="$ADMIN_PW" "${DB_PROPS[@]}" > "$LOG" 2>&1 &
SERVER=$!

for _ in $(seq 1 180); do
  curl -fs "$BASE/health" >/dev/null 2>&1 && break
  kill -0 $SERVER 2>/dev/null || { echo "Gatehouse did not start; see $LOG" >&2; exit 1; }
  sleep 1
done
curl -fs "$BASE/health" >/dev/null || { echo "Gatehouse did not answer on $BASE; see $LOG" >&2; exit 1; }

# the JVM that serves, whose CPU bench_measure counts: Maven's (exec:java runs the server inside it)

admin=(-u "admin:$ADMIN_PW")
# One client_credentials application per token format, acting as integration.bot (itil), scope incident_read.
token_for() {
  local format=$1 app id secret
  app=$(curl -fs "${admin[@]}" -H 'Content-Type: application/json' "$BASE/api/now/table/oauth_entity" -d "{
      \"name\":\"bench $format\",\"provider_name\":\"bench\",\"client_id\":\"bench-$format\",
      \"grant_types\":[\"client_credentials\"],\"auth_scopes\":[\"incident_read\"],\"token_format\":\"$format\",
      \"client_credentials_user\":\"integration.bot\"}")
  id=$(jq -r .result.client_id <<<"$app"); secret=$(jq -r .result.client_secret <<<"$app")
  curl -fs -u "$id:$secret" -d grant_type=client_credentials -d scope=incident_read "$BASE/oauth_token.do" | jq -r .access_token
}
JWT=$(token_for jwt)
OPAQUE=$(token_for opaque)
[ "$(tr -cd . <<<"$JWT" | wc -c)" = 2 ] || { echo "expected a JWT, got: $JWT" >&2; exit 1; }
SYS_ID=$(curl -fs -H "Authorization: Bearer $OPAQUE" "$BASE/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id" | jq -r '.result[0].sys_id')
URL="$BASE/api/now/table/incident/$SYS_ID"
for t in "$JWT" "$OPAQUE"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$URL")
  [ "$code" = 200 ] || { echo "GET $URL answered $code" >&2; exit 1; }
done

{
  echo "Gatehouse Table API benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB RAM; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "database: $([ "$DB" = postgres ] && pg_describe || echo "embedded Derby in $DATA")"
  echo "java: $(${JAVA_HOME:+$JAVA_HOME/bin/}java -version 2>&1 | head -1); wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency GET $URL"
} | tee "$RESULT"

# Warm-up first, with every kind of token, so that each measured run finds the JIT done with the whole path
# (on 2 cores the C2 compiler needs ~30 s of load; compiling during a measured run would charge it to that run).
for name in $KINDS; do
  tok=$JWT; [ "$name" = opaque ] && tok=$OPAQUE
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -H "Authorization: Bearer $tok" "$URL" >/dev/null
done
for name in $KINDS; do
  tok=$JWT; [ "$name" = opaque ] && tok=$OPAQUE
  bench_measure request -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -H "Authorization: Bearer $tok" "$URL"
  printf '%-7s %10s req/s   p50 %8s   p99 %8s   %s   %s   load %s\n' "$name" "$RPS" "$P50" "$P99" "$CPU_TEXT" "${ERRORS:-no errors}" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULT"
done
