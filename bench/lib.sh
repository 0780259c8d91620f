# Sourced by the benchmarks (tokens.sh, table-api.sh, growth.sh): what they share. Not a benchmark itself.
#
#   bench_tools                 curl, jq and wrk (wrk and jq installed from Debian when missing)
#   bench_classpath             builds the WAR (unless BUILD=0) and sets CP, the class path of gatehouse.testing.Launcher
#   bench_launch SETTINGS       starts Gatehouse with a settings file (the Launcher's embedded Tomcat, or with
#                               CONTAINER=tomcat the Tomcat distribution that bench/tomcat.sh prepared in $WORK/catalina,
#                               the settings as GATEHOUSE_* environment variables), waits for the first token; sets
#                               SERVER (the JVM's pid) and FIRST (ms from launching the JVM to the first token)
#   bench_stop                  stops it (SIGTERM, waits)
#   bench_app JSON              creates an application through the Table API as admin; prints client_id:client_secret
#   bench_measure UNIT WRK-ARGS runs one measured wrk (with --latency) against SERVER; sets RPS, P50, P99, REQUESTS,
#                               ERRORS, CPU_MS (server CPU per call), CORES, DB_CPU_MS, CPU_TEXT (those as text) and
#                               WRK_OUT (what wrk printed)
#   bench_ms LATENCY            a wrk latency ("850.00us", "1.79ms", "1.02s") in milliseconds
#
# Expects from the caller: PORT, BASE, WORK (a folder for logs), JAVA, JAVA_OPTS, WEBAPP, ADMIN_PW, DB (derby or
# postgres: then bench/postgres.sh is sourced too and pg_cpu_ticks counts PostgreSQL's CPU).

bench_tools() {
  for tool in curl; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
  for pkg in wrk jq; do
    command -v "$pkg" >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -q --no-install-recommends "$pkg" >/dev/null || sudo apt-get install -y -q "$pkg"; }
  done
}

bench_classpath() {
  [ "${BUILD:-1}" = 0 ] || mvn -q package -DskipTests
  [ "${BUILD:-1}" = 0 ] && [ -f target/bench-classpath.txt ] || mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
  CP=$(tr ':' '\n' < target/bench-classpath.txt | grep -E '/(tomcat-embed-|tomcat-annotations-api|ecj-)' | paste -sd: -):target/test-classes
}

# Starts Gatehouse and waits for the first token (the demo application's client_credentials grant, polled every
# 20 ms); sets SERVER and FIRST (milliseconds from launching the JVM).
bench_launch() {
  local settings=$1 start_ns; start_ns=$(date +%s%N)
  bench_server "$settings" >> "$WORK/server.log" 2>&1 &
  SERVER=$!
  FIRST=""
  for _ in $(seq 1 "${LAUNCH_POLLS:-3000}"); do
    if curl -fs -u demo-confidential:demo-confidential-secret-change-me -d grant_type=client_credentials "$BASE/oauth_token.do" >/dev/null 2>&1; then
      FIRST=$(( ($(date +%s%N) - start_ns) / 1000000 )); break
    fi
    kill -0 $SERVER 2>/dev/null || { echo "Gatehouse did not start; see $WORK/server.log" >&2; exit 1; }
    sleep 0.02
  done
  [ -n "$FIRST" ] || { echo "no token within $(( ${LAUNCH_POLLS:-3000} / 50 )) s; see $WORK/server.log" >&2; exit 1; }
}

# Becomes the server (exec), so that the caller's $! is the JVM itself.
bench_server() {
  if [ "${CONTAINER:-embedded}" = tomcat ]; then
    local line name
    while IFS= read -r line; do
      name=${line%%=*}; name=${name#gatehouse.}; name=${name//./_}
      export "GATEHOUSE_${name^^}=${line#*=}"
    done < "$1"
    tomcat_start "$WORK/catalina"
  else
    exec "$JAVA" $JAVA_OPTS -cp "$CP" gatehouse.testing.Launcher --port "$PORT" --webapp "$WEBAPP" \
        --base "$WORK/tomcat" --settings "$1"
  fi
}

bench_stop() {
  [ -n "${SERVER:-}" ] || return 0
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

bench_app() {
  curl -fs -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' "$BASE/api/now/table/oauth_entity" -d "$1" \
    | jq -r '.result.client_id + ":" + .result.client_secret'
}

bench_cpu_ticks() { awk '{print $14 + $15}' /proc/$SERVER/stat; }
bench_db_ticks() { if [ "${DB:-derby}" = postgres ]; then pg_cpu_ticks; else echo 0; fi; }

bench_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'
}

# bench_measure UNIT WRK-ARGS…: one measured run (the caller warms up first)
bench_measure() {
  local unit=$1; shift
  local cpu0 db0 wall0 cpu1 db1 wall1 out hz
  hz=$(getconf CLK_TCK)
  cpu0=$(bench_cpu_ticks); db0=$(bench_db_ticks); wall0=$(date +%s%N)
  out=$(wrk --latency "$@")
  cpu1=$(bench_cpu_ticks); db1=$(bench_db_ticks); wall1=$(date +%s%N)
  RPS=$(awk '/Requests\/sec/{print $2}' <<<"$out")
  P50=$(awk '$1=="50%"{print $2}' <<<"$out")
  P99=$(awk '$1=="99%"{print $2}' <<<"$out")
  ERRORS=$(grep -E 'Non-2xx|Socket errors' <<<"$out" | xargs || true)
  REQUESTS=$(awk '/requests in/{print $1}' <<<"$out")
  WRK_OUT=$out
  # the server's own CPU (user + system, all threads) per call, and how many of the cores it used
  CPU_MS=$(awk -v t=$((cpu1 - cpu0)) -v n="$REQUESTS" -v hz="$hz" 'BEGIN{printf "%.2f", n ? t*1000/hz/n : 0}')
  CORES=$(awk -v t=$((cpu1 - cpu0)) -v hz="$hz" -v w=$((wall1 - wall0)) 'BEGIN{printf "%.2f", t/hz/(w/1e9)}')
  DB_CPU_MS=$(awk -v t=$((db1 - db0)) -v n="$REQUESTS" -v hz="$hz" 'BEGIN{printf "%.2f", n ? t*1000/hz/n : 0}')
  CPU_TEXT="server CPU $CPU_MS ms/$unit ($CORES cores)"
  [ "${DB:-derby}" = postgres ] && CPU_TEXT="$CPU_TEXT, PostgreSQL $DB_CPU_MS ms/$unit"
  return 0
}
