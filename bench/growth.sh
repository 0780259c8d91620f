#!/usr/bin/env bash
# Growth benchmark (issue 18): the token endpoint and the Table API on an empty database and on the same database
# seeded with 1,000,000 stored tokens and their grants, back to back in one run; then housekeeping under load.
#
#   bench/growth.sh                          # embedded Derby
#   PHASES= HK_RATE=0 bench/growth.sh        # no comparison: housekeeping only, the tokens as fast as the server answers
#   DB=postgres bench/growth.sh              # a throw-away durable PostgreSQL cluster (bench/postgres.sh; PG_DURABLE=0: fsync=off)
#   TOKENS=1000000 POOL=30000 DURATION=20s WARMUP=10s JIT_WARMUP=15s CASES='opaque rs256 api-jwt api-opaque introspect refresh' \
#   PHASES='empty seeded' HOUSEKEEPING=1 PURGE_AT=60 STEADY=150 HK_RATE=2000 bench/growth.sh
#
# 1. Gatehouse starts once on a new database (its migrations make the schema; demo data), the benchmark's
#    applications are made through the Table API, and it stops. The database is copied (Derby: the data folder;
#    PostgreSQL: CREATE DATABASE … TEMPLATE), and bench/GrowthSeeder.java (a single-file program, JDBC batches)
#    fills the copy with TOKENS tokens and their grants (the mix is described there; 10 % of them expired and not
#    yet purged). Both databases get the same POOL of authorization-code grants with a live refresh token and a live
#    access token each, for the refresh and introspection cases, and the housekeeping lease is held for both (no purge
#    runs during the comparison).
# 2. For each of PHASES (empty, then seeded): start, JIT_WARMUP of load per case, then per case WARMUP and DURATION
#    measured with wrk (-t2 -c16, keep-alive): client_credentials tokens (opaque, RS256), Table API GET of one incident
#    with a JWT and with an opaque token, introspection of the pool's access tokens, refresh of the pool's refresh
#    tokens (each used once); requests/s, p50, p99, the server's CPU per call. Then the comparison, seeded against empty.
# 3. HOUSEKEEPING=1: on the seeded database, housekeeping every HK_INTERVAL (15) s, its lease free PURGE_AT s after the start; meanwhile
#    and for STEADY s after, client_credentials tokens of an application with a 60 s access token lifespan, in 10 s
#    windows (rate, p99, max): the seeded expired share (and what expired since) is purged under load, then the table
#    should stay bounded. Rows are counted before and after (and on PostgreSQL in every window). HK_RATE (2000): the
#    tokens per second offered (each connection pauses after each answer; the rate reached is printed); 0: as fast as
#    the server answers (the housekeeping thread then gets one share of the CPU among the 16 busy request threads).
#
# Needs what bench/tokens.sh needs. Not a test: run it by hand on a quiet machine. Results: stdout and
# target/bench-growth-result.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18557}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
JIT_WARMUP="${JIT_WARMUP:-15s}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
TOKENS="${TOKENS:-1000000}"
POOL="${POOL:-40000}"
REFRESH_WARMUP="${REFRESH_WARMUP:-5s}"
REFRESH_DURATION="${REFRESH_DURATION:-10s}"
export LAUNCH_POLLS="${LAUNCH_POLLS:-6000}"
CASES="${CASES:-opaque rs256 api-jwt api-opaque introspect refresh}"
PHASES="${PHASES-empty seeded}"   # PHASES= (empty): no comparison, housekeeping only
HOUSEKEEPING="${HOUSEKEEPING:-1}"
PURGE_AT="${PURGE_AT:-60}"
HK_INTERVAL="${HK_INTERVAL:-15}"
HK_RATE="${HK_RATE:-2000}"
STEADY="${STEADY:-150}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_OPTS="${JAVA_OPTS:--Xmx96m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED}"
SEEDER_JAVA_OPTS="${SEEDER_JAVA_OPTS:--Xmx1500m}"
ADMIN_PW="bench-admin-password-1"
BASE="http://127.0.0.1:${PORT}"
WORK="target/bench-growth"
RESULT="target/bench-growth-result.txt"
DB="${DB:-derby}"
WEBAPP="${WEBAPP:-target/gatehouse}"

source bench/lib.sh
bench_tools
bench_classpath
SEEDER_CP=$(cat target/bench-classpath.txt)

rm -rf "$WORK"; mkdir -p "$WORK"
SERVER=""
trap 'bench_stop; [ "$DB" = postgres ] && pg_stop' EXIT
if [ "$DB" = postgres ]; then
  source bench/postgres.sh
  pg_start
fi
load() { cut -d' ' -f1-3 /proc/loadavg; }
log() { echo "$*" | tee -a "$RESULT"; }

# settings NAME [EXTRA LINE…]: a settings file for one start, on database NAME (empty, seeded)
settings() {
  local name=$1 file="$WORK/$1.properties"; shift
  printf 'gatehouse.data.dir=%s\ngatehouse.demo=true\ngatehouse.admin.password=%s\n' "$PWD/$WORK/data-$name" "$ADMIN_PW" > "$file"
  [ "$DB" = postgres ] && printf 'gatehouse.db.url=%s\ngatehouse.db.user=%s\ngatehouse.db.password=%s\n' "${PG_URL%/*}/gatehouse_$name" "$PG_USER" "$PG_PASSWORD" >> "$file"
  for line in "$@"; do echo "$line" >> "$file"; done
  echo "$file"
}
# seeder NAME KEY=VALUE…: bench/GrowthSeeder.java against database NAME, the server stopped
seeder() {
  local name=$1; shift
  local url="jdbc:derby:$PWD/$WORK/data-$name/db" creds=()
  [ "$DB" = postgres ] && url="${PG_URL%/*}/gatehouse_$name?reWriteBatchedInserts=true" && creds=(user="$PG_USER" password="$PG_PASSWORD")
  "$JAVA" $SEEDER_JAVA_OPTS -Dderby.stream.error.file="$WORK/seeder-derby.log" -cp "$SEEDER_CP" bench/GrowthSeeder.java url="$url" "${creds[@]}" "$@"
}

# 1. the schema, the applications, two copies, the seed
# pg_admin SQL [DATABASE]: as the superuser (the benchmark's two databases are gatehouse_empty and gatehouse_seeded)
pg_admin() { pg_as "$PG_BIN/psql" -X -q -At -h "$PG_BASE" -p "$PG_PORT" -U postgres -d "${2:-postgres}" -c "$1"; }
[ "$DB" = postgres ] && pg_admin "ALTER DATABASE gatehouse RENAME TO gatehouse_empty"
sync; sleep 1
bench_launch "$(settings empty)"
echo "first start: ${FIRST} ms"
cc_app() {   # cc_app NAME FORMAT ALG LIFESPAN
  bench_app "{\"name\":\"growth $1\",\"provider_name\":\"bench\",\"client_id\":\"growth-$1\",\"grant_types\":[\"client_credentials\"],
    \"auth_scopes\":[\"incident_read\"],\"token_format\":\"$2\",\"signing_alg\":\"$3\",\"access_token_lifespan\":$4,
    \"client_credentials_user\":\"integration.bot\"}"
}
declare -A AUTH
for spec in opaque:opaque:RS256:1800 rs256:jwt:RS256:1800 short:opaque:RS256:60; do
  IFS=: read -r name format alg life <<<"$spec"
  AUTH[$name]="Basic $(cc_app "$name" "$format" "$alg" "$life" | tr -d '\n' | base64 -w0)"
done
AUTH[code]="Basic $(bench_app '{"name":"growth code","provider_name":"bench","client_id":"growth-code","grant_types":["authorization_code","refresh_token"],
  "redirect_urls":["https://app.example/callback"],"auth_scopes":["incident_read"],"token_format":"opaque"}' | tr -d '\n' | base64 -w0)"
bench_stop
if [ "$DB" = postgres ]; then
  pg_admin "CREATE DATABASE gatehouse_seeded TEMPLATE gatehouse_empty OWNER $PG_USER"
  mkdir -p "$WORK/data-seeded"; cp -a "$WORK/data-empty/." "$WORK/data-seeded/"   # the master key and the admin password file
else
  cp -a "$WORK/data-empty" "$WORK/data-seeded"
fi
hold=$(( ($(date +%s) + 6 * 3600) * 1000 ))
seeder empty mode=seed tokens=0 pool="$POOL" code=growth-code out="$WORK/pool-empty" hold="$hold" | tee -a "$WORK/seed.log"
seeder seeded mode=seed tokens="$TOKENS" pool="$POOL" cc=growth-opaque,growth-rs256,demo-confidential code=growth-code,demo-confidential \
  out="$WORK/pool-seeded" hold="$hold" | tee -a "$WORK/seed.log"

{
  echo "Gatehouse growth benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(load)"
  echo "java: $("$JAVA" -version 2>&1 | head -1); $JAVA_OPTS; wrk -t$THREADS -c$CONNECTIONS, JIT warm-up $JIT_WARMUP per case, then per case warm-up $WARMUP, measured $DURATION"
  if [ "$DB" = postgres ]; then
    echo "database: PostgreSQL $(pg_admin 'show server_version'), fsync=$(pg_admin 'show fsync'), synchronous_commit=$(pg_admin 'show synchronous_commit'), shared_buffers=$(pg_admin 'show shared_buffers'), same machine"
  else
    echo "database: embedded Derby"
  fi
  echo "seeded: $(tail -1 "$WORK/seed.log")"
} | tee "$RESULT"

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=incident_read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
# the same at a steady offered rate: each connection waits DELAY ms (the script's argument) after each answer
cat > "$WORK/paced.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=incident_read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
local pause = 0
function init(args) pause = tonumber(args[1]) or 0 end
function delay() return pause end
LUA
# each request the next token of a file (threads take turns): refresh tokens are used once each
cat > "$WORK/pool.lua" <<'LUA'
local n, all = 0, {}
function setup(thread) thread:set("id", n); n = n + 1; all[#all + 1] = thread end
function init(args)
  offset, threads, kind = tonumber(args[1]), tonumber(args[2]), args[4]
  tokens = {}
  for line in io.lines(args[3]) do tokens[#tokens + 1] = line end
  i = offset + id
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end
function request()
  local t = tokens[(i % #tokens) + 1]
  i = i + threads
  local body = kind == "refresh" and ("grant_type=refresh_token&refresh_token=" .. t) or ("token=" .. t .. "&token_type_hint=access_token")
  return wrk.format("POST", nil, nil, body)
end
-- the first index no thread has taken (threads run at different speeds: the slower one's count says nothing of the faster's)
function done()
  local m = 0
  for _, t in ipairs(all) do local v = t:get("i"); if v > m then m = v end end
  io.write("next-index " .. m .. "\n")
end
LUA

declare -A R N  # R[phase:case:rps|p50|p99|cpu]: the sum over the phase's runs (PHASES may name a phase twice: 'empty seeded seeded empty'); N: how many
add() { R[$1]=$(awk -v a="${R[$1]:-0}" -v b="$2" 'BEGIN{print a + b}'); N[$1]=$(( ${N[$1]:-0} + 1 )); }
mean() { awk -v a="${R[$1]:-0}" -v n="${N[$1]:-1}" 'BEGIN{printf "%.2f", a / n}'; }
USED=0         # refresh tokens of the pool used so far on this phase's database (each is used once, across its runs too)
declare -A USED_BY

# wrk_case CASE DURATION [--measure]: one run of a case (a warm-up when not measured)
wrk_case() {
  local c=$1 d=$2 measure=${3:-} args=()
  case $c in
    opaque|rs256) args=(-s "$WORK/post.lua" -H "Authorization: ${AUTH[$c]}" "$BASE/oauth_token.do") ;;
    api-jwt) args=(-H "Authorization: Bearer $JWT" "$URL") ;;
    api-opaque) args=(-H "Authorization: Bearer $OPAQUE" "$URL") ;;
    introspect) args=(-s "$WORK/pool.lua" -H "Authorization: ${AUTH[code]}" "$BASE/oauth_introspect.do" -- 0 "$THREADS" "$POOL_DIR/access.txt" introspect) ;;
    refresh) args=(-s "$WORK/pool.lua" -H "Authorization: ${AUTH[code]}" "$BASE/oauth_token.do" -- "$USED" "$THREADS" "$POOL_DIR/refresh.txt" refresh) ;;
  esac
  if [ -z "$measure" ]; then
    local out; out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$d" "${args[@]}")
    [ "$c" = refresh ] && USED=$(awk '/^next-index/{print $2}' <<<"$out")
    return 0
  fi
  bench_measure call -t"$THREADS" -c"$CONNECTIONS" -d"$d" "${args[@]}"
  [ "$c" = refresh ] && USED=$(awk '/^next-index/{print $2}' <<<"$WRK_OUT")
  return 0
}

# 2. the comparison
for phase in $PHASES; do
  POOL_DIR="$WORK/pool-$phase"
  log ""
  log "== $phase database: $(seeder "$phase" mode=count | tail -1)"
  bench_launch "$(settings "$phase")"
  log "launch to first token: ${FIRST} ms"
  JWT=$(curl -fs -H "Authorization: ${AUTH[rs256]}" -d grant_type=client_credentials -d scope=incident_read "$BASE/oauth_token.do" | jq -r .access_token)
  OPAQUE=$(curl -fs -H "Authorization: ${AUTH[opaque]}" -d grant_type=client_credentials -d scope=incident_read "$BASE/oauth_token.do" | jq -r .access_token)
  [ "$(tr -cd . <<<"$JWT" | wc -c)" = 2 ] || { echo "expected a JWT, got: $JWT" >&2; exit 1; }
  SYS_ID=$(curl -fs -H "Authorization: Bearer $OPAQUE" "$BASE/api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id" | jq -r '.result[0].sys_id')
  URL="$BASE/api/now/table/incident/$SYS_ID"
  USED=${USED_BY[$phase]:-0}
  for c in $CASES; do
    [ "$c" = refresh ] || wrk_case "$c" "$JIT_WARMUP"      # refresh tokens are few: no JIT warm-up of their own
  done
  for c in $CASES; do
    w=$WARMUP; d=$DURATION
    [ "$c" = refresh ] && w=$REFRESH_WARMUP && d=$REFRESH_DURATION      # each refresh token is used once: the pool is finite
    wrk_case "$c" "$w"
    wrk_case "$c" "$d" --measure
    add "$phase:$c:rps" "$RPS"; add "$phase:$c:p50" "$(bench_ms "$P50")"; add "$phase:$c:p99" "$(bench_ms "$P99")"; add "$phase:$c:cpu" "$CPU_MS"
    printf '%-10s %10s calls/s   p50 %8s   p99 %8s   %s   %s   load %s\n' "$c" "$RPS" "$P50" "$P99" "$CPU_TEXT" "${ERRORS:-no errors}" "$(load)" | tee -a "$RESULT"
  done
  USED_BY[$phase]=$USED
  log "refresh tokens of the pool used so far: $USED of $(wc -l < "$POOL_DIR/refresh.txt")"
  log "peak RSS (VmHWM): $(awk '/VmHWM/{printf "%d MiB", $2/1024}' /proc/$SERVER/status)"
  bench_stop
  log "after: $(seeder "$phase" mode=count | tail -1)"
done

if [[ " $PHASES " == *" empty "* && " $PHASES " == *" seeded "* ]]; then
  log ""
  log "== seeded against empty (mean of each phase's runs; per cent: + is better for calls/s, worse for latency and CPU)"
  printf '%-10s %22s %22s %22s %24s\n' case "calls/s" "p50 ms" "p99 ms" "CPU ms/call" | tee -a "$RESULT"
  for c in $CASES; do
    line=$(printf '%-10s' "$c")
    for k in rps p50 p99 cpu; do
      line="$line $(awk -v a="$(mean "empty:$c:$k")" -v b="$(mean "seeded:$c:$k")" 'BEGIN{ printf "%9s → %-7s %+5.1f%%", a, b, (a > 0 ? (b / a - 1) * 100 : 0) }')"
    done
    echo "$line" | tee -a "$RESULT"
  done
fi

# 3. housekeeping under load, on the seeded database
if [ "$HOUSEKEEPING" = 1 ]; then
  log ""
  log "== housekeeping under load: every ${HK_INTERVAL} s, lease free ${PURGE_AT} s after the start; tokens of a 60 s lifespan, $([ "$HK_RATE" -gt 0 ] && echo "offered at about $HK_RATE/s (each connection pausing $(( CONNECTIONS * 1000 / HK_RATE )) ms after each answer)" || echo "as fast as the server answers")"
  before=$(seeder seeded mode=count | tail -1)
  log "before: $before"
  seeder seeded mode=lease hold=$(( ($(date +%s) + PURGE_AT) * 1000 )) >/dev/null
  start=$(date +%s)
  bench_launch "$(settings seeded gatehouse.housekeeping.interval="$HK_INTERVAL")"
  log "launch to first token: ${FIRST} ms"
  issued=0
  end=$(( start + PURGE_AT + STEADY ))
  printf '%-8s %-6s %10s %9s %9s %9s %10s  %s\n' time "t (s)" "tokens/s" p50 p99 max issued rows | tee -a "$RESULT"
  while [ "$(date +%s)" -lt "$end" ]; do
    if [ "$HK_RATE" -gt 0 ]; then
      out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d10s --latency -s "$WORK/paced.lua" -H "Authorization: ${AUTH[short]}" "$BASE/oauth_token.do" -- "$(( CONNECTIONS * 1000 / HK_RATE ))")
    else
      out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d10s --latency -s "$WORK/post.lua" -H "Authorization: ${AUTH[short]}" "$BASE/oauth_token.do")
    fi
    issued=$(( issued + $(awk '/requests in/{print $1}' <<<"$out") ))
    rows=""
    [ "$DB" = postgres ] && rows="oauth_token $(pg_admin 'SELECT COUNT(*) FROM oauth_token' gatehouse_seeded)"
    printf '%-8s %-6s %10s %9s %9s %9s %10s  %s\n' "$(date -u +%H:%M:%S)" $(( $(date +%s) - start )) "$(awk '/Requests\/sec/{print $2}' <<<"$out")" \
      "$(awk '$1=="50%"{print $2}' <<<"$out")" "$(awk '$1=="99%"{print $2}' <<<"$out")" "$(awk '$1=="Latency" && $2!="Distribution"{print $4}' <<<"$out")" "$issued" \
      "$rows $(grep -E 'Non-2xx|Socket errors' <<<"$out" | xargs || true)" | tee -a "$RESULT"
  done
  bench_stop
  log "purges (server log, UTC as the server logs it):"
  grep -B1 'housekeeping deleted' "$WORK/server.log" | grep -v '^--' | tail -40 | tee -a "$RESULT" || true
  log "after: $(seeder seeded mode=count | tail -1) (issued during the run: $issued)"
fi
