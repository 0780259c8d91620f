#!/usr/bin/env bash
# Token endpoint benchmark (issue 6): client_credentials tokens per second and p50/p99 latency at 16
# concurrent keep-alive clients for 20 s after a 10 s warm-up, for opaque, JWT RS256 and JWT ES256 access
# tokens; plus the server's resident memory under load and the time from launch to the first token.
#
#   bench/tokens.sh                      # builds, starts Gatehouse, measures, stops it
#   PORT=18556 DURATION=20s WARMUP=10s CONNECTIONS=16 JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 bench/tokens.sh
#   JIT_WARMUP=30s bench/tokens.sh      # first load the server with each format for 30 s (JIT), then measure
#   JAVA_OPTS='-Xmx256m -XX:StartFlightRecording=filename=target/t.jfr' SPECS='opaque:opaque:RS256' bench/tokens.sh
#   DB=postgres bench/tokens.sh         # on a throw-away PostgreSQL cluster on this machine (bench/postgres.sh)
#   BUILD=0 WEBAPP=/tmp/war-before bench/tokens.sh   # no build; another exploded WAR (an A/B of two builds)
#   CONTAINER=tomcat bench/tokens.sh    # target/gatehouse.war in the Apache Tomcat distribution (bench/tomcat.sh)
#   SETTINGS='gatehouse.token.commit.durable=true' DB=postgres bench/tokens.sh   # more Gatehouse settings (name=value …)
#
# Gatehouse is started as the README's run command starts it (gatehouse.testing.Launcher: the built WAR in
# embedded Tomcat, demo data), but with `java` directly instead of `mvn exec:java`, so that the launch time
# and the resident memory are the server's own and not Maven's. Needs: JDK 17+, Maven, curl, jq, wrk
# (wrk and jq are installed with apt-get when missing). Not a test: run it by hand on a quiet machine.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18556}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
JIT_WARMUP="${JIT_WARMUP:-0}"
CONNECTIONS="${CONNECTIONS:-16}"
THREADS="${THREADS:-2}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# a small heap and the serial collector: what the JVM itself picks on small machines; G1's own structures cost ~40 MiB
JAVA_OPTS="${JAVA_OPTS:--Xmx96m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED}"
SPECS="${SPECS:-opaque:opaque:RS256 rs256:jwt:RS256 es256:jwt:ES256}"
ADMIN_PW="bench-admin-password-1"
BASE="http://127.0.0.1:${PORT}"
WORK="target/bench-tokens"
RESULT="target/bench-tokens-result.txt"
DB="${DB:-derby}"
BUILD="${BUILD:-1}"
WEBAPP="${WEBAPP:-target/gatehouse}"
CONTAINER="${CONTAINER:-embedded}"

source bench/lib.sh
bench_tools
bench_classpath

rm -rf "$WORK"; mkdir -p "$WORK"
cat > "$WORK/settings.properties" <<PROPS
gatehouse.data.dir=$PWD/$WORK/data
gatehouse.demo=true
gatehouse.admin.password=$ADMIN_PW
PROPS
for setting in ${SETTINGS:-}; do echo "$setting" >> "$WORK/settings.properties"; done
SERVER=""
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; [ "$DB" = postgres ] && pg_stop' EXIT
if [ "$DB" = postgres ]; then
  source bench/postgres.sh
  pg_start
  printf 'gatehouse.db.url=%s\ngatehouse.db.user=%s\ngatehouse.db.password=%s\n' "$PG_URL" "$PG_USER" "$PG_PASSWORD" >> "$WORK/settings.properties"
fi
if [ "$CONTAINER" = tomcat ]; then
  source bench/tomcat.sh
  tomcat_prepare "$WORK/catalina" "$PORT"
fi

sync; sleep 2   # the build's files reach the disk first: Derby's first fsyncs should not wait for them
bench_launch "$WORK/settings.properties"   # a first start: creates the database, the signing keys, the admin and the demo data
first=$FIRST

# One client_credentials application per format (acting as the demo's integration.bot).
app() {
  local name=$1 format=$2 alg=$3
  bench_app "{\"name\":\"bench $name\",\"provider_name\":\"bench\",\"client_id\":\"bench-$name\",
      \"grant_types\":[\"client_credentials\"],\"auth_scopes\":[\"incident_read\"],\"token_format\":\"$format\",
      \"signing_alg\":\"$alg\",\"client_credentials_user\":\"integration.bot\"}"
}

cat > "$WORK/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=incident_read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA

{
  echo "Gatehouse token endpoint benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "java: $("$JAVA" -version 2>&1 | head -1); $JAVA_OPTS; wrk -t$THREADS -c$CONNECTIONS, warm-up $WARMUP, measured $DURATION; JIT warm-up before all runs: $JIT_WARMUP"
  echo "webapp: $([ "$CONTAINER" = tomcat ] && echo "target/gatehouse.war in Apache Tomcat $TOMCAT_VERSION (bench/tomcat.sh)" || echo "$WEBAPP (embedded Tomcat)")"
  echo "database: $([ "$DB" = postgres ] && pg_describe || echo "embedded Derby in $WORK/data")"
  echo "settings: ${SETTINGS:-(defaults)}"
  echo "launch to first token: ${first} ms (first start: new database, keys, admin, demo data)"
} | tee "$RESULT"

declare -A AUTH
for spec in $SPECS; do
  IFS=: read -r name format alg <<<"$spec"
  creds=$(app "$name" "$format" "$alg")
  AUTH[$name]="Basic $(printf '%s' "$creds" | base64 -w0)"
  tok=$(curl -fs -H "Authorization: ${AUTH[$name]}" -d grant_type=client_credentials "$BASE/oauth_token.do" | jq -r .access_token)
  [ "$format" = opaque ] || [ "$(tr -cd . <<<"$tok" | wc -c)" = 2 ] || { echo "expected a JWT for $name" >&2; exit 1; }
done

# Optional (JIT_WARMUP=30s): load with every format before the measured runs, so that the first run does not pay
# for the JIT compiling the whole path (on 2 cores that takes well over the 10 s warm-up of a run).
if [ "$JIT_WARMUP" != 0 ]; then
  for spec in $SPECS; do
    IFS=: read -r name format alg <<<"$spec"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$JIT_WARMUP" -s "$WORK/post.lua" -H "Authorization: ${AUTH[$name]}" "$BASE/oauth_token.do" >/dev/null
  done
fi

for spec in $SPECS; do
  IFS=: read -r name format alg <<<"$spec"
  auth=${AUTH[$name]}
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$WORK/post.lua" -H "Authorization: $auth" "$BASE/oauth_token.do" >/dev/null
  bench_measure token -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" -s "$WORK/post.lua" -H "Authorization: $auth" "$BASE/oauth_token.do"
  rss=$(awk '/VmRSS/{printf "%d MiB", $2/1024}' /proc/$SERVER/status)
  printf '%-7s %10s tokens/s   p50 %8s   p99 %8s   RSS %s   %s   %s   load %s\n' "$name" "$RPS" "$P50" "$P99" "$rss" "$CPU_TEXT" "${ERRORS:-no errors}" "$(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULT"
done
echo "peak RSS (VmHWM): $(awk '/VmHWM/{printf "%d MiB", $2/1024}' /proc/$SERVER/status)" | tee -a "$RESULT"

# launch to first token again, on the database the runs above filled: a restart, what every later start costs
bench_stop
bench_launch "$WORK/settings.properties"
echo "launch to first token on restart: ${FIRST} ms (existing database)" | tee -a "$RESULT"
